"""Demo resources: those the LGA's improvement offer names, then generated ones to fill the library.

Titles and summaries are the portal's own words. File resources share one small generated PDF
(rendered once), each stored under its own generated name.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import slugify

from accounts.models import User
from demo import DemoContext
from improvement_portal.pdf import render_pdf
from resources import services
from resources.models import Audience, Kind, Resource, ResourceAudience, Status, Topic

# Resources are published by the demo programme manager.
AFTER = ("accounts",)

A = Audience


@dataclass(frozen=True)
class DemoResource:
    title: str
    kind: str
    summary: str
    audiences: tuple[str, ...]
    topics: tuple[str, ...]
    published_on: datetime.date | None
    external_url: str = ""


NAMED = [
    DemoResource(
        "Must know: your role in education",
        Kind.MUST_KNOW_GUIDE,
        "What a children's services portfolio holder needs to know about the council's duties for "
        "schools and learning: school places, standards, vulnerable pupils and working with "
        "academies and multi-academy trusts.",
        (A.PORTFOLIO_HOLDERS, A.COUNCILLORS),
        ("Education", "Political leadership"),
        datetime.date(2019, 5, 14),
    ),
    DemoResource(
        "Must know: safeguarding children",
        Kind.MUST_KNOW_GUIDE,
        "The lead member's part in keeping children safe: the questions to ask, the information to "
        "see regularly, and how safeguarding partnerships hold each agency to account.",
        (A.PORTFOLIO_HOLDERS, A.COUNCILLORS),
        ("Safeguarding", "Political leadership"),
        datetime.date(2019, 6, 3),
    ),
    DemoResource(
        "Must know: key roles and relationships",
        Kind.MUST_KNOW_GUIDE,
        "How the lead member works with the director of children's services, the chief executive, "
        "the leader, scrutiny and partners, and why those relationships decide how well services "
        "improve.",
        (A.PORTFOLIO_HOLDERS,),
        ("Political leadership", "Partnerships"),
        datetime.date(2019, 7, 22),
    ),
    DemoResource(
        "Must know: after an Ofsted 'inadequate' judgement",
        Kind.MUST_KNOW_GUIDE,
        "What happens when Ofsted judges a council's children's services inadequate: statutory "
        "direction, the improvement board, monitoring visits, and what the lead member should do in "
        "the first weeks.",
        (A.PORTFOLIO_HOLDERS, A.COUNCILLORS, A.OFFICERS),
        ("Ofsted", "Improvement", "Inspection"),
        datetime.date(2018, 11, 8),
    ),
    DemoResource(
        "Corporate parenting resource pack",
        Kind.RESOURCE_PACK,
        "Looking after other people's children is one of the most important things a council does, "
        "and every councillor shares the duty, not only the portfolio holder. This pack helps all "
        "members act as good corporate parents to children in care and care leavers.",
        (A.COUNCILLORS, A.PORTFOLIO_HOLDERS, A.OFFICERS),
        ("Corporate parenting", "Children in care", "Care leavers"),
        datetime.date(2019, 2, 11),
    ),
    DemoResource(
        "Scrutinising alternative delivery models in children's services",
        Kind.GUIDE,
        "A short guide from the Centre for Public Scrutiny, written with the LGA, for members and "
        "officers developing or scrutinising trusts and other alternative delivery models: the key "
        "issues to weigh and what early adopters learned.",
        (A.COUNCILLORS, A.OFFICERS),
        ("Scrutiny", "Alternative delivery models"),
        datetime.date(2018, 9, 20),
        "https://www.cfgs.org.uk/",
    ),
    DemoResource(
        "Multi-agency inspection of child protection: a position paper",
        Kind.POSITION_PAPER,
        "ADCS, the LGA and Solace set out an alternative, multi-agency model for inspecting child "
        "protection that learns from the weaknesses of the single inspection framework and puts "
        "children's outcomes at its centre.",
        (A.OFFICERS, A.PORTFOLIO_HOLDERS, A.ADVISERS),
        ("Inspection", "Ofsted", "Partnerships"),
        datetime.date(2017, 10, 16),
    ),
    DemoResource(
        "Action research into improvement in local children's services",
        Kind.RESEARCH_REPORT,
        "Research by Isos Partnership for the LGA on what helps and what hinders improvement in "
        "local children's services, and how the wider system can support councils on their "
        "improvement journey.",
        (A.OFFICERS, A.ADVISERS, A.PORTFOLIO_HOLDERS),
        ("Improvement", "Research"),
        datetime.date(2016, 11, 29),
    ),
    DemoResource(
        "Implications for portfolio holders and senior leaders",
        Kind.GUIDE,
        "A companion to the action research on improvement: the findings that matter most for lead "
        "members and senior leaders, and questions to test their own council against.",
        (A.PORTFOLIO_HOLDERS, A.OFFICERS),
        ("Improvement", "Political leadership"),
        datetime.date(2016, 11, 29),
    ),
    DemoResource(
        "Enabling improvement: the role of improvement support",
        Kind.RESEARCH_REPORT,
        "The second action research report asks what makes external improvement support effective, "
        "compares the strengths of different improvement models, and describes when each works "
        "best.",
        (A.OFFICERS, A.ADVISERS),
        ("Improvement", "Research", "Sector-led improvement"),
        datetime.date(2017, 12, 5),
    ),
    DemoResource(
        "Evaluation of the children's services sector-led improvement programme, 2018 to 2020",
        Kind.RESEARCH_REPORT,
        "An independent evaluation by Shared Intelligence of the LGA's programme: advisers worked "
        "with 91 councils, 83% of councils improved or maintained their Ofsted leadership "
        "judgement, and councils judged requires improvement or inadequate fell by 35%.",
        (A.OFFICERS, A.ADVISERS, A.PORTFOLIO_HOLDERS, A.COUNCILLORS),
        ("Evaluation", "Sector-led improvement", "Research"),
        datetime.date(2020, 9, 1),
    ),
]

SUBJECTS = [
    ("early help", "Early help"),
    ("children missing education", "Education"),
    ("special educational needs and disabilities", "SEND"),
    ("recruiting and keeping social workers", "Workforce"),
    ("working with health partners", "Partnerships"),
    ("youth justice", "Youth justice"),
    ("running an improvement board", "Improvement"),
    ("preparing for a peer challenge", "Peer challenge"),
    ("performance data for lead members", "Performance data"),
    ("the local offer for care leavers", "Care leavers"),
    ("placement sufficiency", "Children in care"),
    ("children's services budgets", "Finance"),
    ("contextual safeguarding", "Safeguarding"),
    ("hearing the voice of the child", "Participation"),
    ("the ILACS framework", "Inspection"),
    ("elective home education", "Education"),
]
FORMS = [
    (Kind.GUIDE, "A councillor's guide to {s}", (A.COUNCILLORS, A.PORTFOLIO_HOLDERS)),
    (Kind.TOOLKIT, "A toolkit for {s}", (A.OFFICERS, A.ADVISERS)),
    (Kind.RESOURCE_PACK, "Resource pack: {s}", (A.PORTFOLIO_HOLDERS, A.OFFICERS)),
    (Kind.RESEARCH_REPORT, "What works in {s}: research findings", (A.OFFICERS, A.ADVISERS)),
]
TOTAL_AT_SCALE_1 = 50
DEMO_LINK = "https://www.local.gov.uk/"


def seed(context: DemoContext) -> str:
    if Resource.objects.exists():
        return "resources already present"
    specs = NAMED + _generated(context, max(0, context.count(TOTAL_AT_SCALE_1) - len(NAMED)))
    pdf = render_pdf("resources/pdf_demo_document.html", {})
    author = User.objects.filter(email="programme.manager@example.org").first()
    resources = Resource.objects.bulk_create(
        _resource(context, spec, pdf, author) for spec in specs
    )
    _link_audiences_and_topics(resources, specs)
    services.update_search_vectors(resource_ids=[resource.pk for resource in resources])
    drafts = sum(1 for resource in resources if resource.is_draft)
    return f"{len(resources)} resources ({drafts} drafts)"


def _generated(context: DemoContext, count: int) -> list[DemoResource]:
    pairs = [(subject, form) for subject in SUBJECTS for form in FORMS]
    context.rng.shuffle(pairs)
    generated = []
    for index, ((subject, topic), (kind, pattern, audiences)) in enumerate(pairs[:count]):
        title = pattern.format(s=subject)
        title = title[0].upper() + title[1:]
        # Every eighth is still a draft, so programme managers have something to publish.
        published = None if index % 8 == 7 else _date(context)
        generated.append(
            DemoResource(
                title,
                kind,
                f"Practical material on {subject}: the questions to ask, what good looks like, and "
                "examples from councils that have improved.",
                audiences,
                (topic,),
                published,
                DEMO_LINK if index % 3 == 2 else "",
            )
        )
    return generated


def _date(context: DemoContext) -> datetime.date:
    return datetime.date(2016, 1, 1) + datetime.timedelta(days=context.rng.randrange(3500))


def _resource(
    context: DemoContext, spec: DemoResource, pdf: bytes, author: User | None
) -> Resource:
    resource = Resource(
        title=spec.title,
        slug=slugify(spec.title)[:200],
        kind=spec.kind,
        summary=spec.summary,
        status=Status.PUBLISHED if spec.published_on else Status.DRAFT,
        published_on=spec.published_on,
        external_url=spec.external_url,
        created_by=author,
    )
    if not spec.external_url:
        name = uuid.UUID(int=context.rng.getrandbits(128), version=4).hex
        path = f"resources/{name}.pdf"
        # The name comes from the seed, so a re-seed overwrites its own earlier file.
        default_storage.delete(path)
        resource.file = default_storage.save(path, ContentFile(pdf))
        resource.file_format, resource.file_size = "pdf", len(pdf)
        resource.download_count = context.rng.randrange(400) if spec.published_on else 0
    return resource


def _link_audiences_and_topics(resources: list[Resource], specs: list[DemoResource]) -> None:
    names = sorted({name for spec in specs for name in spec.topics})
    Topic.objects.bulk_create(
        [Topic(name=name, slug=slugify(name)) for name in names], ignore_conflicts=True
    )
    topics = {topic.name: topic for topic in Topic.objects.filter(name__in=names)}
    ResourceAudience.objects.bulk_create(
        ResourceAudience(resource=resource, audience=audience)
        for resource, spec in zip(resources, specs, strict=True)
        for audience in spec.audiences
    )
    Resource.topics.through.objects.bulk_create(
        Resource.topics.through(resource=resource, topic=topics[name])
        for resource, spec in zip(resources, specs, strict=True)
        for name in spec.topics
    )
