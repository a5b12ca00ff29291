"""Why annotated origins are missed: each tuning-half story's annotated origins and what the
counting did with each of their mentions' statements (benchmarks/origins.py, TUNING_SEED).

    PYTHONPATH=. python benchmarks/_origins_misses.py [--data DIR] [--stance for] [--all]

For every mention of an annotated origin: the attribution whose source span overlaps it (none:
the source was not resolved), each claim that attribution carries with its similarity to the
story's claim, whether it was taken as evidence, and if not why (below
coverage.STATEMENT_GATE, or the article's MAX_EVIDENCE places taken by better ones), its
statement stance, and the origin it went to with that origin's counted stance. Then our
origins, each with the annotated origins its evidence's sources overlap (none: junk or the
outlet's voice). A diagnostic for choosing counting rules on the tuning half only; it writes
nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _results import add_data_option  # noqa: E402
from origins import load, tuning_half  # noqa: E402


def story_parts(stories):
    """Every story's hand-marked mentions as pairs (what the pair model is fitted on)."""
    from credscore.training.coreference import DEV_SET, described_pairs, read_annotations

    annotated = read_annotations(DEV_SET, {s["claim_id"]: claim for s, claim, *_ in stories})
    return [described_pairs(a, arts, reps)
            for a, (_, _, arts, reps, _) in zip(annotated, stories, strict=True)]  # fmt: skip


def held_out_origins(stories, parts, i):
    """Story ``i``'s Origins with the pair model refitted on the other stories (as ours())."""
    from credscore.scoring.corroboration.coreference_model import PairModel, source_clusters
    from credscore.scoring.corroboration.coverage import one_story
    from credscore.scoring.corroboration.origins import Origins
    from credscore.training.coreference import pair_model_dict
    from credscore.training.coreference_design import fit_design, select_design

    train = parts[:i] + parts[i + 1 :]
    design, _ = select_design(train)
    model = PairModel.from_dict(
        pair_model_dict(fit_design(train, design), design.threshold, {}, design.linkage)
    )
    _, _, articles, reports, _ = stories[i]
    indices = range(len(articles))
    copies = one_story(articles)
    clusters = source_clusters(indices, articles, reports, copies, model)
    return Origins(indices, articles, reports, copies, clusters), copies


def overlapping(att, start, end) -> bool:
    return att.source is not None and min(end, att.source.end) > max(start, att.source.start)


def explain(story, claim, articles, reports, gold, origins, copies, stances, everything):
    from credscore.scoring.corroboration import coverage as cov
    from credscore.scoring.corroboration.counting import first_hand
    from credscore.scoring.corroboration.stance_rules import STANCES, rule_stance_proba

    view = cov.claim_coverage(claim, range(len(articles)), articles, reports, copies,
                              stance=rule_stance_proba, statement_stance=rule_stance_proba,
                              origins=origins)  # fmt: skip
    similar = cov._similar_claims(cov.clean_text(claim), range(len(articles)), reports)
    taken = {(e["article"], e["claim"]): o for o in view.origins for e in o["evidence"]}
    counted = {o["name"]: o["stance"] for o in view.origins}
    want = story["independent_origins"]
    print(f"\n=== {story['claim_id'][:8]} ({story['truth']}): {claim}")
    print(f"    annotated for/against/neutral {want['for']}/{want['against']}/{want['neutral']};"
          f" ours {view.independent_origins}")  # fmt: skip
    by_origin: dict[str, list] = {}
    for k, start, end, o in gold:
        by_origin.setdefault(o, []).append((k, start, end))
    for g in story["origins"]:
        if g["stance"] not in stances:
            continue
        print(f"  [{g['origin']} {g['stance']} {g['kind']}] {g['name']}")
        for k, start, end in by_origin.get(g["origin"], []):
            article, report = articles[k], reports[k]
            text = article.text[start:end]
            atts = [j for j, a in enumerate(report.attributions) if overlapping(a, start, end)]
            if not atts:
                print(f"    b{article.id} '{text}': NO ATTRIBUTION overlaps")
                continue
            ranked = [n for s, n in similar.get(k, []) if s >= cov.STATEMENT_GATE]
            for j in atts:
                att = report.attributions[j]
                carried = [n for n, c in enumerate(report.claims) if c.attribution == j]
                head = (f"    b{article.id} '{text}' -> att{j} {att.source_kind}:"
                        f"'{att.source_name}'")
                if not carried:
                    print(head + f" NO CLAIM carries it; content: {att.content.text[:90]!r}")
                    continue
                for n in carried:
                    c = report.claims[n]
                    s = next(s for s, m in similar[k] if m == n)
                    key = (article.id, c.id)
                    if key in taken:
                        o = taken[key]
                        what = f"TAKEN -> '{o['name']}' counted {o['stance']}"
                    elif s < cov.STATEMENT_GATE:
                        what = "below gate"
                    else:
                        before = ranked[: ranked.index(n)]
                        what = f"NOT TAKEN (rank {len(before) + 1} of {len(ranked)} above gate)"
                    origin = origins.of(k, c)
                    st = STANCES[int(rule_stance_proba([cov.clean_text(claim)],
                                                       [cov.clean_text(c.text)])[0].argmax())]
                    print(head + f" sim {s:.2f} {what}; stance {st}; origin '{origin.name}'"
                          f" ({counted.get(origin.name, 'not counted')})"
                          f"{' first-hand' if first_hand(c.text) else ''}")  # fmt: skip
                    if everything or what == "below gate" or what.startswith("NOT"):
                        print(f"        {cov.clean_text(c.text)[:200]!r}")
    print("  ours:")
    for o in view.origins:
        hits = set()
        for e in o["evidence"]:
            k = next(n for n, a in enumerate(articles) if a.id == e["article"])
            c = next((c for c in reports[k].claims if c.id == e["claim"]), None)
            if c is None or c.attribution is None:
                hits.add("(voice)")
                continue
            att = reports[k].attributions[c.attribution]
            hits |= {g for kk, s, en, g in gold if kk == k and overlapping(att, s, en)} or {"-"}
        print(f"    {o['stance']:8s} {o['kind']:13s} '{o['name']}' <- {sorted(hits)}"
              f" ({len(o['evidence'])} statements)")
        if everything:
            for e in o["evidence"]:
                print(f"        b{e['article']} {e['stance']}: {e['text'][:160]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_option(parser)
    parser.add_argument("--stance", action="append", help="annotated stances to show (all)")
    parser.add_argument("--all", action="store_true", help="print every statement")
    parser.add_argument("--story", help="one claim id prefix (tuning half only)")
    args = parser.parse_args()
    stories, _, _ = load(args.data)
    tune = tuning_half([s["claim_id"] for s, *_ in stories])
    parts = story_parts(stories)
    for i, (story, claim, articles, reports, gold) in enumerate(stories):
        if story["claim_id"] not in tune:
            continue
        if args.story and not story["claim_id"].startswith(args.story):
            continue
        origins, copies = held_out_origins(stories, parts, i)
        explain(story, claim, articles, reports, gold, origins, copies,
                set(args.stance or ("for", "against", "neutral")), args.all)  # fmt: skip


if __name__ == "__main__":
    main()
