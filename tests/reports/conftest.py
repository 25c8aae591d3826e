"""Fixtures for the reports tests: a hand-built history whose figures are worked out by hand.

Period: 1 April 2018 to 31 March 2020. Two regions, North and South.

North
- Anyshire: leadership 4 (Jun 2017), engaged 10 May 2018 (1 day intensive, free) and
  20 Nov 2018 (2.5 days lead member, subsidised); re-inspected Sep 2019: leadership 3 → improved.
- Bothshire: leadership 2 (Mar 2016), engaged 1 Jul 2018 (0.5 days, whole cost, DfE);
  re-inspected Jun 2019: leadership 2 → maintained.
- Cumbridge: leadership 2 (Jan 2017), engaged 15 Jan 2019 (2 days); Feb 2020: 3 → declined.
- Islingham: first judged 1 Oct 2018 (leadership 3), engaged the same day (1 day), so that
  judgement is the baseline; Oct 2019: leadership 2 → improved. A monitoring visit in
  Nov 2019 carries no judgement and changes nothing.

South
- Dunmore: leadership 4 (Jan 2018), engaged 1 Mar 2019 (1 day); never re-inspected.
- Eastwick: leadership 3 (May 2017), engaged 1 Jun 2018 (1.5 days); re-inspected Jun 2020,
  after the period: not yet re-inspected at 31 March 2020, improved by 31 December 2020.
- Farfield: engaged only outside the period (31 Mar 2018, 1 Apr 2020): not engaged.
- Greyford (abolished 31 Mar 2019): leadership 4 (Jan 2016), engaged 1 Sep 2018 (1 day);
  never re-inspected. Its successor Hollowmere (from 1 Apr 2019), engaged 1 Jun 2019 (1 day),
  is first inspected in May 2020 and inherits nothing from Greyford.

Overall effectiveness for the RI-or-inadequate change, latest on or before the date:
- at 1 April 2018: Anyshire 4, Bothshire 3, Cumbridge 2, Dunmore 4, Eastwick 3, Farfield 3,
  Greyford 4, Islingham none (Hollowmere did not exist) → 6 (North 2, South 4);
- at 31 March 2020: Anyshire 3, Bothshire 3, Cumbridge 3, Dunmore 4, Eastwick 3, Farfield 2,
  Hollowmere none, Islingham 2 (Greyford abolished) → 5 (North 3, South 2).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.core.files.storage import default_storage

from advisers.models import Engagement
from councils.models import Council, OfstedInspection
from tests.brokers import reset_celery_connections
from tests.factories.councils import CouncilFactory, RegionFactory
from tests.factories.reports import engagement, inspection

LEAD = Engagement.Strand.LEAD_MEMBER


@pytest.fixture
def history() -> dict[str, Council]:
    # The real councils are loaded for every test; they have no inspections or engagements
    # here, so they change no figure below (national figures count every council).
    assert not OfstedInspection.objects.exists() and not Engagement.objects.exists()
    north = RegionFactory(code="E12900001", name="North", slug="north")
    south = RegionFactory(code="E12900002", name="South", slug="south")
    c = {
        name: CouncilFactory(name=name, slug=name.lower(), region=region)
        for name, region in [
            ("Anyshire", north),
            ("Bothshire", north),
            ("Cumbridge", north),
            ("Islingham", north),
            ("Dunmore", south),
            ("Eastwick", south),
            ("Farfield", south),
        ]
    }
    c["Greyford"] = CouncilFactory(
        name="Greyford", slug="greyford", region=south, active_to=date(2019, 3, 31)
    )
    c["Hollowmere"] = CouncilFactory(
        name="Hollowmere", slug="hollowmere", region=south, active_from=date(2019, 4, 1)
    )
    c["Greyford"].successors.add(c["Hollowmere"])

    inspection(c["Anyshire"], date(2017, 6, 1), overall=4, leadership=4)
    inspection(c["Anyshire"], date(2019, 9, 1), overall=3, leadership=3)
    engagement(c["Anyshire"], date(2018, 5, 10), "1")
    engagement(
        c["Anyshire"], date(2018, 11, 20), "2.5", strand=LEAD, funding=Engagement.Funding.SUBSIDISED
    )

    inspection(c["Bothshire"], date(2016, 3, 1), overall=3, leadership=2)
    inspection(c["Bothshire"], date(2019, 6, 1), overall=3, leadership=2)
    engagement(
        c["Bothshire"],
        date(2018, 7, 1),
        "0.5",
        funding=Engagement.Funding.WHOLE_COST,
        commissioned_by_dfe=True,
    )

    inspection(c["Cumbridge"], date(2017, 1, 1), overall=2, leadership=2)
    inspection(c["Cumbridge"], date(2020, 2, 1), overall=3, leadership=3)
    engagement(c["Cumbridge"], date(2019, 1, 15), "2")

    inspection(c["Islingham"], date(2018, 10, 1), overall=3, leadership=3)
    engagement(c["Islingham"], date(2018, 10, 1), "1")
    inspection(c["Islingham"], date(2019, 10, 1), overall=2, leadership=2)
    inspection(
        c["Islingham"],
        date(2019, 11, 1),
        overall=None,
        leadership=None,
        kind=OfstedInspection.Kind.MONITORING_VISIT,
    )

    inspection(c["Dunmore"], date(2018, 1, 1), overall=4, leadership=4)
    engagement(c["Dunmore"], date(2019, 3, 1), "1")

    inspection(c["Eastwick"], date(2017, 5, 1), overall=3, leadership=3)
    inspection(c["Eastwick"], date(2020, 6, 1), overall=2, leadership=2)
    engagement(c["Eastwick"], date(2018, 6, 1), "1.5")

    inspection(c["Farfield"], date(2017, 1, 1), overall=3, leadership=3)
    inspection(c["Farfield"], date(2019, 5, 1), overall=2, leadership=2)
    engagement(c["Farfield"], date(2018, 3, 31), "3")
    engagement(c["Farfield"], date(2020, 4, 1), "4")

    inspection(c["Greyford"], date(2016, 1, 1), overall=4, leadership=4)
    engagement(c["Greyford"], date(2018, 9, 1), "1")
    inspection(c["Hollowmere"], date(2020, 5, 1), overall=3, leadership=3)
    engagement(c["Hollowmere"], date(2019, 6, 1), "1")
    return c


@pytest.fixture
def use_broker(settings):
    """Point Celery at another broker, with tasks published rather than run in-process."""

    def _use(url: str) -> None:
        settings.CELERY_BROKER_URL = url
        settings.CELERY_TASK_ALWAYS_EAGER = False
        reset_celery_connections()

    yield _use
    reset_celery_connections()


@pytest.fixture
def stored_files() -> Iterator[callable]:
    """The report files in storage, for tests that count them."""

    def _list() -> list[str]:
        if not default_storage.exists("reports"):
            return []
        return sorted(default_storage.listdir("reports")[1])

    for name in _list():
        default_storage.delete(f"reports/{name}")
    yield _list
