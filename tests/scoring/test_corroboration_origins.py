"""Origins on a denial story of our own (tests/fixtures/denial/, invented, in the shape of real
coverage): one state-media statement quoted under four descriptions ("an unnamed North Korean
defense official", "a senior North Korean defense official", "A Defense Ministry official", "the
unnamed national-defense official"), a Reuters story and its copy, and a U.S. spokesperson who
makes the accusation the statement denies."""

from pathlib import Path

import pytest

from credscore.scoring.corroboration.coverage import one_story
from credscore.scoring.corroboration.origins import Origins
from credscore.text import parse

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "denial"
META = {  # id: (outlet, published)
    "harbor_times": ("Harbor Times", "2026-05-09T06:00:00Z"),
    "valley_courier": ("Valley Courier", "2026-05-09T08:00:00Z"),
    "seoul_ledger": ("Seoul Ledger", "2026-05-09T07:00:00Z"),
    "pacific_daily": ("Pacific Daily", "2026-05-09T09:00:00Z"),
    "capitol_report": ("Capitol Report", "2026-05-09T15:00:00Z"),
}
DENIAL = "North Korea has never transferred a single missile to Iran"


def records() -> list[dict]:
    return [
        {"id": name, "outlet": outlet, "published": published,
         "text": (FIXTURE / f"{name}.txt").read_text(encoding="utf-8")}
        for name, (outlet, published) in META.items()
    ]  # fmt: skip


@pytest.fixture(scope="module")
def scored(scorer):
    return scorer.score_many(records())


@pytest.fixture(scope="module")
def denial_group(scored):
    _, story = scored
    return next(g for g in story.groups if "harbor_times#c1" in g.members)


@pytest.fixture(scope="module")
def view(scorer):
    return scorer.corroborate_claim(DENIAL, records())


def test_the_reuters_copy_is_found(scored):
    reports, _ = scored
    copies = {r.id: r.copy_of for r in reports}
    assert copies["valley_courier"] == "harbor_times" and copies["harbor_times"] is None


def test_the_denial_group_holds_the_statement_from_every_article(denial_group):
    carriers = {m.split("#")[0] for m in denial_group.members}
    assert carriers == set(META)


def test_the_denial_has_one_origin_for_and_the_accuser_is_against(denial_group):
    stances = {o.name: o.stance for o in denial_group.origins}
    assert denial_group.independent_origins["for"] == 1
    assert [n for n, s in stances.items() if s == "for"] == ["KCNA"]
    assert stances["John Marlow"] == "against"


def test_the_one_origin_spans_all_five_articles_through_its_channel(denial_group):
    kcna = next(o for o in denial_group.origins if o.name == "KCNA")
    assert kcna.kind == "state_media" and set(kcna.articles) == set(META)
    assert kcna.channel == "Reuters"  # the wire it first came through


def test_every_group_counts_the_origins_corroborate_finds_for_its_claim(scorer, scored):
    _, story = scored
    for g in story.groups:
        view = scorer.corroborate_claim(g.claim, records())
        assert g.independent_origins == view["independent_origins"], g.claim
        assert [(o.name, o.stance) for o in g.origins] == [
            (o["name"], o["stance"]) for o in view["origins"]
        ]


def test_corroborate_claim_counts_the_same_origins(view):
    assert view["independent_origins"] == {"for": 1, "against": 1, "neutral": 0}
    by_name = {o["name"]: o for o in view["origins"]}
    assert by_name["KCNA"]["stance"] == "for" and by_name["John Marlow"]["stance"] == "against"
    assert set(by_name["KCNA"]["articles"]) == set(META)


def test_the_copy_adds_no_origin(scorer):
    without_copy = [r for r in records() if r["id"] != "valley_courier"]
    assert scorer.corroborate_claim(DENIAL, without_copy)["independent_origins"] == {
        "for": 1, "against": 1, "neutral": 0,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("lede", "restates"),
    [
        ("The Harbor Bridge reopened to traffic on Friday after repairs.", True),
        ("Ferry fares rose by a tenth across the bay this spring.", False),
    ],
)
def test_the_reporters_restatement_belongs_to_the_source_it_restates(scorer, lede, restates):
    text = (
        f"Bridge news\n\n{lede}\n\n"
        '"The Harbor Bridge reopened to traffic on Friday after repairs," Mayor Gloria Hadley '
        "said.\n\nThe works took four months."
    )
    article = parse(text, id="bridge")
    report = scorer.score_articles([article])[0]
    origins = Origins([0], [article], [report], one_story([article]))
    own = next(c for c in report.claims if c.text.startswith(lede[:20]))
    assert own.attribution is None
    source = origins.restated(0, own)
    assert (source is not None) is restates
    if restates:
        assert origins.of(0, source).name == "Gloria Hadley"
