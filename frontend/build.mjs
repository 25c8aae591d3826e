// Builds the vendored front-end files committed under static/vendor and tests/browser/vendor.
// Run with `npm run build` after changing the govuk-frontend, accessible-autocomplete or axe-core version.
import { compile } from "sass";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const govuk = "node_modules/govuk-frontend/dist/govuk";
const out = "../static/vendor/govuk";
mkdirSync(out, { recursive: true });

const css = compile("scss/portal.scss", {
  style: "compressed",
  loadPaths: ["node_modules"],
  quietDeps: true,
  silenceDeprecations: ["import"],
}).css;
// The crest belongs to GOV.UK's header, which the portal does not use: drop the reference so
// no image is vendored for it and manifest storage finds every URL in the CSS.
const portalCss = css.replace(/url\(["']?[^)"']*govuk-crest\.svg["']?\)/g, "none");
writeFileSync(`${out}/govuk-frontend.min.css`, portalCss);
// The source map is not vendored, so its comment goes too (manifest storage would look for it).
const js = readFileSync(`${govuk}/govuk-frontend.min.js`, "utf8").replace(/\n?\/\/# sourceMappingURL=.*\n?$/, "");
writeFileSync(`${out}/govuk-frontend.min.js`, js);

// alphagov's accessible-autocomplete: progressive enhancement of long selects (councils).
const autocomplete = "node_modules/accessible-autocomplete/dist";
const autocompleteOut = "../static/vendor/accessible-autocomplete";
mkdirSync(autocompleteOut, { recursive: true });
for (const name of ["accessible-autocomplete.min.js", "accessible-autocomplete.min.css"]) {
  const text = readFileSync(`${autocomplete}/${name}`, "utf8")
    .replace(/\n?\/\/# sourceMappingURL=.*\n?$/, "")
    .replace(/\n?\/\*# sourceMappingURL=.*\*\/\n?$/, "");
  writeFileSync(`${autocompleteOut}/${name}`, text);
}

mkdirSync("../tests/browser/vendor", { recursive: true });
copyFileSync("node_modules/axe-core/axe.min.js", "../tests/browser/vendor/axe.min.js");
console.log("built", css.length, "bytes of CSS");
