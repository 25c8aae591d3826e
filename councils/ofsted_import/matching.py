"""Which council a row of an Ofsted file is about: by GSS code first, then by name and date.

A GSS code matches a council's current code or one of its earlier codes (a recode is the same
council: Barnsley and Sheffield keep their old codes in Ofsted's 2025 file). Names are compared
after removing the ways sources spell the same council differently ("Bristol, City of" and
"Bristol", "St. Helens" and "St Helens", "&" and "and", "County Durham" and "Durham", "Bedford
Borough" and "Bedford"). When two councils share a name (old Dorset county to 2019 and Dorset
Council since), the one that existed when the report was published is chosen: an inspection
published before a council existed belongs to its predecessor.

Ofsted inspected North and West Northamptonshire jointly (one children's trust serves both);
its files list that inspection under each council, so each council keeps its own copy. A row
naming Northamptonshire after 1 April 2021 is an error, not silently split.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable

from councils.models import Council
from councils.ofsted_import.records import InspectionRecord

_SUFFIX_OF = re.compile(r",\s*(city|county) of$")


def normalise_name(name: str) -> str:
    """A council name reduced to what every source agrees on: "Bristol, City of" → "bristol"."""
    text = " ".join(name.lower().replace("&", " and ").split())
    text = _SUFFIX_OF.sub("", text)
    text = text.removeprefix("county ").removesuffix(" borough")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


class CouncilDirectory:
    """Every council, indexed by code and by normalised name, to match many rows quickly."""

    def __init__(self, councils: Iterable[Council]) -> None:
        self.by_code: dict[str, Council] = {}
        self.by_name: dict[str, list[Council]] = defaultdict(list)
        for council in councils:
            self.by_code[council.gss_code] = council
            for code in council.previous_codes:
                self.by_code.setdefault(code, council)
            for name in {normalise_name(council.name), normalise_name(council.ofsted_name)}:
                if name:
                    self.by_name[name].append(council)

    @classmethod
    def load(cls) -> CouncilDirectory:
        return cls(Council.objects.prefetch_related("successors").order_by("pk"))

    def resolve(self, record: InspectionRecord) -> Council | str:
        """The council the record is about, or the reason no council can be chosen."""
        if record.council_code and record.council_code in self.by_code:
            return self._on_date(record, [self.by_code[record.council_code]])
        candidates = self.by_name.get(normalise_name(record.council_name), [])
        if not candidates:
            if record.council_code:
                return (
                    f"no council has the code {record.council_code} or the name "
                    f"“{record.council_name}”"
                )
            return f"no council is called “{record.council_name}”"
        return self._on_date(record, candidates)

    def _on_date(self, record: InspectionRecord, candidates: list[Council]) -> Council | str:
        day = record.date
        if day is None:
            return candidates[0] if len(candidates) == 1 else "the row has no date"
        existing = [council for council in candidates if council.existed_on(day)]
        if len(existing) == 1:
            return existing[0]
        if len(existing) > 1:
            names = ", ".join(f"{c.name} ({c.gss_code})" for c in existing)
            return f"“{record.council_name}” could be any of {names}"
        return _not_existing(candidates[0], day)


def _not_existing(council: Council, day: datetime.date) -> str:
    when = f"{day:%-d %B %Y}"
    if council.active_to and day > council.active_to:
        successors = " and ".join(sorted(s.name for s in council.successors.all()))
        replaced = council.active_to + datetime.timedelta(days=1)
        by = f": {successors} replaced it on {replaced:%-d %B %Y}" if successors else ""
        return f"{council.name} no longer existed on {when}{by}"
    return f"{council.name} did not exist yet on {when} (it started on {council.active_from:%-d %B %Y})"
