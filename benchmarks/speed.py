"""Speed benchmark: scoring rate against a bigram TF-IDF, where time goes, story-grouping growth.

Run from the repository root::

    PYTHONPATH=. python benchmarks/speed.py [--n-articles 400]
        [--story-sizes 1000 10000 100000] [--save RUN.json] [--before RUN.json]
        [--write/--no-write]

1. **Rate.** ``--n-articles`` generated news articles of about 650 words are scored one core,
   texts in, reports out (``Scorer.score_many(texts, n_jobs=1, story=False)``: parse, extract,
   claim model, report), and transformed by scikit-learn's
   ``TfidfVectorizer(ngram_range=(1, 2))`` fitted on the same texts beforehand (transform
   timed alone). Each is timed ``--rounds`` times, interleaved, and the best round counts, so
   the ratio (credscore articles/s over TF-IDF articles/s) holds on a busy machine.
   ``stages()`` then times each stage of scoring alone on the same articles (parse, rule
   attribution, the learned attribution's extra, claim sentences, claim features, claim
   model, report) against the budget the target ratio allows.
2. **Story grouping.** ``find_stories`` on the synthetic batches of
   ``credscore.scoring.corroboration.benchmark.synthetic_texts`` at each ``--story-sizes``,
   with the growth factor of each step.

Articles are made from the paragraphs of ``examples/*.txt`` and
``tests/fixtures/story/*.txt``: each takes the paragraphs of one article, continued with
another's until it has about 650 words, its named people renamed and its numbers changed.
``--save`` keeps a run's rates and stages as JSON; ``--before`` shows such a run (of an
earlier commit, on the same machine under the same load) beside this one.
Streaming memory has its own script, benchmarks/streaming.py.
Writes the "## Speed" section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import json
import pstats
import re
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from _results import REPO, RESULTS, add_write_option, git_commit, machine, write_section
from sklearn.feature_extraction.text import TfidfVectorizer

import credscore
from credscore.features.hedging import _sentence_matches
from credscore.features.source_names import names_source, trim_phrase
from credscore.features.source_resolver import _entity_facts
from credscore.features.state_media import state_medium
from credscore.inputs import to_article
from credscore.scoring.analysis import analyze, analyze_many, build
from credscore.scoring.attribution import extract_attributions_many
from credscore.scoring.bundle import bundle_claim_threshold, load_bundle
from credscore.scoring.corroboration.benchmark import synthetic_texts
from credscore.scoring.corroboration.stories import find_stories
from credscore.text import parse

HEADING = "## Speed"
SOURCES = [
    *sorted((REPO / "examples").glob("*.txt")),
    *sorted((REPO / "tests" / "fixtures" / "story").glob("*.txt")),
]
TARGET_WORDS = 650
#: the issue's targets
TARGET_RATIO, TARGET_GROWTH = 0.15, 13.0
FIRST = "Ana Ben Chen Dara Elif Femi Gita Hugo Ines Jon Kofi Lena Mika Nour Omar Pia".split()
LAST = (
    "Abara Brandt Castillo Dube Eriksen Fontaine Galli Haddad Ito Jansen Kovac Lindqvist Moreau "
    "Nakamura Okafor Petrov Quinn Rossi Sato Tanaka Varga Weber Yilmaz Zeller".split()
)
_NUMBER = re.compile(r"\d+")
NOTES = (
    "The generated articles share the fixtures' sentences (about a third of their sentences "
    "are distinct), so the caches keyed by a sentence (`credscore.features.hedging."
    "sentence_cues`) or a source phrase (`credscore.features.source_resolver._entity_facts`, "
    "`source_names.trim_phrase`, `names_source`, `state_media.state_medium`) hit more "
    "often within a round than on an archive of distinct articles; they are emptied before "
    "each round, and save a few percent of the time. The per-word character n-gram cache of "
    "the claim features (`credscore.features._hashing`) and the per-token code table of the "
    "attribution taggers (`credscore.features.attribution_tokens`) stay warm, as they do in "
    "any long run: word frequencies are Zipfian in any news text. Model outputs are the same "
    "as without the caches."
)


def _source_paragraphs() -> list[tuple[list[str], list[str]]]:
    """Each source article's body paragraphs (headline and boilerplate dropped) and people."""
    out = []
    for path in SOURCES:
        article = parse(path.read_text("utf-8"), id=path.stem)
        kept = {s.paragraph for s in article.sentences}
        paragraphs = [article.text[s:e] for i, (s, e) in enumerate(article.paragraphs) if i in kept]
        people = [s.name for s in analyze(article).sources if s.kind == "named_person"]
        out.append((paragraphs, [p for p in people if " " in p]))
    return out


def make_articles(n: int, seed: int = 0) -> list[str]:
    """``n`` news articles of about :data:`TARGET_WORDS` words (see the module doc)."""
    rng = np.random.default_rng(seed)
    sources = _source_paragraphs()
    texts = []
    for _ in range(n):
        order = rng.permutation(len(sources))
        paragraphs: list[str] = []
        people: list[str] = []
        words = 0
        for k in order:
            for paragraph in sources[k][0]:
                if words >= TARGET_WORDS - 20:
                    break
                paragraphs.append(paragraph)
                words += len(paragraph.split())
            people += sources[k][1]
            if words >= TARGET_WORDS - 20:
                break
        text = "\n\n".join(paragraphs)
        for person in people:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            text = text.replace(person, f"{first} {last}")
            text = text.replace(person.split()[-1], last)
        text = _NUMBER.sub(lambda m: _renumber(rng, m[0]), text)
        headline = " ".join(paragraphs[0].split()[:10]).rstrip(".,;:")
        texts.append(f"{headline}\n\n{text}\n")
    return texts


def _renumber(rng: np.random.Generator, digits: str) -> str:
    """A random number with as many digits as ``digits``."""
    return str(rng.integers(10 ** (len(digits) - 1), 10 ** len(digits)))


def best_seconds(runs: Sequence[Callable[[], object]], rounds: int) -> list[float]:
    """The best time of each callable over ``rounds`` interleaved rounds."""
    best = [float("inf")] * len(runs)
    for _ in range(rounds):
        for i, run in enumerate(runs):
            start = time.perf_counter()
            run()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def clear_text_caches() -> None:
    """Empty the caches keyed by a sentence or a source phrase, which repeat across rounds."""
    for cached in (_sentence_matches, _entity_facts, trim_phrase, names_source, state_medium):
        cached.cache_clear()


def rate(texts: list[str], rounds: int) -> dict[str, float]:
    """Articles/s of credscore scoring and of a bigram TF-IDF transform, one core, same texts."""
    scorer = credscore.load()
    scorer.score_many(texts[:5], story=False)  # warm the lexicon caches
    tfidf = TfidfVectorizer(ngram_range=(1, 2)).fit(texts)

    def score() -> None:
        clear_text_caches()  # a later round must not find this round's sentences cached
        scorer.score_many(texts, n_jobs=1, story=False)

    ours, theirs = best_seconds([score, lambda: tfidf.transform(texts)], rounds)
    return {"credscore": len(texts) / ours, "tfidf": len(texts) / theirs}


def stages(texts: list[str], rounds: int) -> dict[str, float]:
    """Milliseconds per article of each stage of scoring, one core (best of ``rounds``).

    The stages run in the order scoring runs them, each timed alone over all ``texts``; the
    learned attribution is timed as its extra cost over the rules. Their sum is close to, but
    not exactly, one ``score_many`` call.
    """
    bundle = load_bundle()
    attribution, claims = bundle.model("attribution"), bundle.model("claims")
    articles = [to_article(t, n) for n, t in enumerate(texts, 1)]
    analyses = analyze_many(articles, attribution)
    sentences = [t for an in analyses for t in an.claim_texts()]
    features = claims[:-1].transform(sentences)
    confidences = claims[-1].predict_proba(features)[:, 1]
    at = np.cumsum([0] + [len(an.sentences) for an in analyses])
    threshold = bundle_claim_threshold(bundle)

    def build_all() -> None:
        for k, an in enumerate(analyses):
            build(an, confidences[at[k] : at[k + 1]], threshold)

    runs = {
        "parse (text to sentences, quotes, wire credit)": lambda: [
            to_article(t, n) for n, t in enumerate(texts, 1)
        ],
        "attribution rules and source resolution": lambda: extract_attributions_many(articles),
        "learned attribution (extra over the rules)": lambda: extract_attributions_many(
            articles, attribution
        ),
        "claim sentences, source inventory": lambda: analyze_many(articles),
        "claim features (n-grams, cue counts)": lambda: claims[:-1].transform(sentences),
        "claim model (experts and gate)": lambda: claims[-1].predict_proba(features),
        "claims, cues and scores of the report": build_all,
    }
    best = dict(zip(runs, best_seconds(list(runs.values()), rounds), strict=True))
    learned = "learned attribution (extra over the rules)"
    rules = "attribution rules and source resolution"
    analysis = "claim sentences, source inventory"
    best[learned] -= best[rules]  # extract_attributions(model) includes the rules' pass
    best[analysis] -= best[rules]  # analyze() includes extract_attributions
    return {name: 1000 * seconds / len(texts) for name, seconds in best.items()}


def profile(texts: list[str], top: int) -> list[tuple[str, float, float]]:
    """The ``top`` functions by own time in one ``score_many`` round under cProfile: (name,
    own ms per article, cumulative ms per article); credscore's own functions, and the
    built-ins and library functions they call directly, as cProfile names them."""
    scorer = credscore.load()
    scorer.score_many(texts[:5], story=False)
    clear_text_caches()
    profiler = cProfile.Profile()
    profiler.runcall(scorer.score_many, texts, n_jobs=1, story=False)
    rows = pstats.Stats(profiler).stats  # (file, line, name) -> (calls, ncalls, own, cum, ...)
    out = []
    for (file, line, name), (_, _, own, cum, _) in rows.items():
        where = Path(file)
        label = f"{where.relative_to(REPO)}:{line} {name}" if where.is_relative_to(REPO) else name
        label = label if file != "~" else name  # built-ins
        out.append((label, 1000 * own / len(texts), 1000 * cum / len(texts)))
    return sorted(out, key=lambda row: -row[1])[:top]


def story_growth(sizes: Sequence[int]) -> list[tuple[int, float]]:
    """Seconds of ``find_stories`` on a synthetic batch of each size."""
    out = []
    for n in sizes:
        texts, _ = synthetic_texts(n)
        start = time.perf_counter()
        find_stories(texts)
        out.append((n, time.perf_counter() - start))
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the three measurements, print the markdown section, and write it into RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-articles", type=int, default=400, help="articles for the rate")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (best counts)")
    parser.add_argument(
        "--story-sizes", type=int, nargs="*", default=[1000, 10_000, 100_000], help="batch sizes"
    )
    parser.add_argument(
        "--profile", type=int, default=15, help="top functions of a profiled round (0: none)"
    )
    parser.add_argument("--save", type=Path, help="also write the rates and stages as JSON here")
    parser.add_argument(
        "--before",
        type=Path,
        help="a --save file of an earlier commit, shown beside this run (same machine, same load)",
    )
    add_write_option(parser, HEADING)
    args = parser.parse_args(argv)
    texts = make_articles(args.n_articles)
    words = float(np.mean([len(t.split()) for t in texts]))
    rates = rate(texts, args.rounds)
    costs = stages(texts, args.rounds)
    growth = story_growth(args.story_sizes)
    top = profile(texts, args.profile) if args.profile else []
    if args.save:
        saved = {"commit": git_commit(), "rates": rates, "stages": costs, "profile": top}
        args.save.write_text(json.dumps(saved, indent=1) + "\n", encoding="utf-8")
    before = json.loads(args.before.read_text(encoding="utf-8")) if args.before else None
    section = render(args, words, rates, costs, growth, before, top)
    print(section)
    if args.write:
        write_section(RESULTS, HEADING, section)
        print(f"wrote {RESULTS.relative_to(REPO)}", file=sys.stderr)
    return 0


def render(
    args,
    words: float,
    rates: dict,
    costs: dict,
    growth: list,
    before: dict | None = None,
    top: list | None = None,
) -> str:
    """The RESULTS.md section: command, provenance, the tables (with ``before``, a saved run
    of an earlier commit, beside the rate and the stages, and its profile after this one's)."""
    command = "PYTHONPATH=. python benchmarks/speed.py " + shlex.join(_argv_used(args))
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        HEADING,
        "",
        f"- Command: `{command}`",
        f"- Date: {now}; commit `{git_commit()}`",
        f"- Machine: {machine()} (shared with other work: the rate is a ratio measured in "
        f"one run, best of {args.rounds} interleaved rounds)",
        f"- Articles: {args.n_articles} generated from the paragraphs of examples/ and "
        f"tests/fixtures/story/ (people renamed, numbers changed), {words:.0f} words on average.",
        "",
        *_rate_table(rates, before),
        "",
        NOTES,
        "",
        *_cost_table(rates, costs, before),
    ]
    if top:
        lines += _profile_table(top, "now")
    if before and before.get("profile"):
        lines += _profile_table(before["profile"], f"`{before['commit']}`")
    if growth:
        lines += ["| story grouping | seconds | growth vs previous size |", "|---|--:|--:|"]
        for k, (n, seconds) in enumerate(growth):
            factor = "—"
            if k:
                prev_n, prev_s = growth[k - 1]
                factor = f"{seconds / prev_s:.1f}× for {n / prev_n:.0f}× the articles"
            lines.append(f"| {n:,} articles | {seconds:.2f} | {factor} |")
        lines += [
            "",
            f"`find_stories` on `synthetic_texts(n)` (300-word synthetic articles in stories of "
            f"1-12, a fifth of them near-copies); target: 10× the articles in ≤ "
            f"{TARGET_GROWTH:.0f}× the time.",
            "",
        ]
    return "\n".join(lines)


def _rate_table(rates: dict, before: dict | None) -> list[str]:
    """Articles/s of credscore and of TF-IDF, and their ratio (and an earlier run's)."""
    ratio = rates["credscore"] / rates["tfidf"]
    met = "met" if ratio >= TARGET_RATIO else "not met"
    rows = [
        ("credscore `score_many(texts, n_jobs=1, story=False)`", "credscore", ".1f"),
        ("scikit-learn `TfidfVectorizer(ngram_range=(1, 2)).transform`", "tfidf", ".1f"),
    ]
    if before is None:
        lines = ["| one core | articles/s |", "|---|--:|"]
        lines += [f"| {name} | {rates[key]:{fmt}} |" for name, key, fmt in rows]
        return [*lines, f"| ratio (target ≥ {TARGET_RATIO}) | {ratio:.3f} ({met}) |"]
    old = before["rates"]
    lines = [f"| one core | articles/s, `{before['commit']}` | articles/s, now |", "|---|--:|--:|"]
    lines += [f"| {name} | {old[key]:{fmt}} | {rates[key]:{fmt}} |" for name, key, fmt in rows]
    old_ratio = old["credscore"] / old["tfidf"]
    return [*lines, f"| ratio (target ≥ {TARGET_RATIO}) | {old_ratio:.3f} | {ratio:.3f} ({met}) |"]


def _cost_table(rates: dict, costs: dict, before: dict | None = None) -> list[str]:
    """Where the time goes: each stage's ms per article against the target's budget (and an
    earlier run's ms beside it)."""
    tfidf_ms = 1000 / rates["tfidf"]
    budget = tfidf_ms / TARGET_RATIO
    old = before["stages"] if before else None
    was = f" ms per article, `{before['commit']}` |" if before else ""
    lines = [
        "Where the time goes (`stages()`: each stage timed alone on the same articles, best of "
        f"the rounds; the target ratio allows {budget:.2f} ms per article, {1 / TARGET_RATIO:.1f}× "
        f"the TF-IDF transform's {tfidf_ms:.2f} ms):",
        "",
        f"| stage |{was} ms per article | share | × the target's whole budget |",
        "|---|--:|--:|--:|" + ("--:|" if old else ""),
    ]
    total = sum(costs.values())
    for name, ms in costs.items():
        then = f" {old[name]:.2f} |" if old else ""
        lines.append(f"| {name} |{then} {ms:.2f} | {ms / total:.0%} | {ms / budget:.1f} |")
    then = f" {sum(old.values()):.2f} |" if old else ""
    lines += [f"| all stages |{then} {total:.2f} | 100% | {total / budget:.1f} |", ""]
    return lines


def _profile_table(top: list, when: str) -> list[str]:
    """The profiled functions of one run, by own time (cProfile's overhead included)."""
    lines = [
        f"Top functions by own time, {when} (one `score_many` round of the same articles under "
        "cProfile, caches emptied first; the profiler slows Python calls, so these are shares, "
        "not the rate):",
        "",
        "| function | own ms per article | cumulative ms per article |",
        "|---|--:|--:|",
    ]
    for name, own, cum in top:
        lines.append(f"| `{name}` | {own:.2f} | {cum:.2f} |")
    return [*lines, ""]


def _argv_used(args) -> list[str]:
    out = ["--n-articles", str(args.n_articles), "--rounds", str(args.rounds)]
    out += ["--profile", str(args.profile)]
    out += ["--story-sizes", *map(str, args.story_sizes)]
    out += ["--before", str(args.before)] if args.before else []
    return out + ["--write" if args.write else "--no-write"]


if __name__ == "__main__":
    sys.exit(main())
