"""Check the origins dev set against the FNC-1 stories it annotates, and count what it holds.

    python benchmarks/data/origins/check.py [--data DIR] [--select] [--show CLAIM_PREFIX]

Exit 0 when every check passes (the counts are printed), 1 with one line per problem otherwise.
``--select`` prints the seeded draw of stories (docs/annotation/origins.md, section 8) and checks
that it is the annotated set. ``--show`` prints one story's mentions with their spans, for review
on the terminal: article text is printed, never written.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORIES = HERE / "stories.jsonl"
MENTIONS = HERE / "mentions.jsonl"
FRESH = HERE / "fresh.jsonl"  # a fresh test set: story-level origins only, no mentions
FRESH2 = HERE / "fresh2.jsonl"  # a second one, drawn after the first had been scored
README = HERE / "README.md"

KINDS = frozenset(
    {"named_person", "anonymous", "organization", "state_media", "news_agency", "document",
     "expert", "media_report"}
)
STANCES = ("for", "against", "neutral")
SEED, PER_TRUTH, MIN_BODIES, MAX_BODIES = 14, 8, 3, 12
FRESH_SEED, FRESH_N, FRESH_MAX_BODIES = 1414, 8, 6
FRESH2_SEED = 1515
# A note or origin name sharing this many consecutive words with an article is article text.
COPIED_WORDS = 8


@dataclass
class Data:
    """The FNC-1 side: each story's claim, truth and bodies, and every body's text."""

    claims: dict[str, dict] = field(default_factory=dict)
    bodies: dict[int, str] = field(default_factory=dict)


def load_data(root: Path) -> Data:
    """Stories from stories/train.csv and bodies from fnc1/train_bodies.csv (utf-8)."""
    data = Data()
    with open(root / "stories" / "train.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            story = data.claims.setdefault(
                row["claim_id"], {"claim": row["claim"], "truth": row["truth"], "bodies": []}
            )
            story["bodies"].append(int(row["body_id"]))
    with open(root / "fnc1" / "train_bodies.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            data.bodies[int(row["Body ID"])] = row["articleBody"]
    return data


def seeded_selection(data: Data) -> list[str]:
    """The protocol's draw: 8 claim ids per truth among stories with 3 to 12 bodies."""
    rng = random.Random(SEED)
    chosen = []
    for truth in ("true", "false", "unknown"):
        pool = sorted(
            cid for cid, s in data.claims.items()
            if s["truth"] == truth and MIN_BODIES <= len(s["bodies"]) <= MAX_BODIES
        )
        chosen += rng.sample(pool, PER_TRUTH)
    return chosen


def fresh_selection(data: Data, seed: int = FRESH_SEED, taken: frozenset[str] = frozenset()
                    ) -> list[str]:  # fmt: skip
    """A fresh set's draw: 8 claim ids among stories with 3 to 6 bodies not in the dev set
    (nor in ``taken``, the stories of earlier fresh sets)."""
    dev = {s["claim_id"] for s in read_jsonl(STORIES)} | taken
    pool = sorted(
        cid for cid, s in data.claims.items()
        if MIN_BODIES <= len(s["bodies"]) <= FRESH_MAX_BODIES and cid not in dev
    )
    return random.Random(seed).sample(pool, FRESH_N)


def fresh2_selection(data: Data) -> list[str]:
    """The second fresh set's draw: as the first's, with FRESH2_SEED, the first set left out."""
    return fresh_selection(data, FRESH2_SEED, frozenset(s["claim_id"] for s in read_jsonl(FRESH)))


def check_fresh(data: Data, path: Path = FRESH) -> list[str]:
    """Problems with a fresh set: the seeded draw, ids, bodies, origins, counts, no text."""
    lines = read_jsonl(path)
    drawn = fresh2_selection(data) if path == FRESH2 else fresh_selection(data)
    problems = []
    if [s["claim_id"] for s in lines] != drawn:
        problems.append(f"{path.name}: not the seeded draw, in its order")
    for story in lines:  # copies are not marked in the fresh set: they do not change the counts
        problems += [p.replace("stories.jsonl", path.name)
                     for p in check_story({**story, "copies": []}, data)]  # fmt: skip
    return problems + check_no_article_text({s["claim_id"]: s for s in lines}, data)


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def check_story(story: dict, data: Data) -> list[str]:
    """Problems with one story line: ids, bodies, copies, origins and their counts."""
    cid = story.get("claim_id")
    if cid not in data.claims:
        return [f"stories.jsonl: unknown claim_id {cid!r}"]
    where, truth = f"story {cid[:8]}", data.claims[cid]
    problems = []
    if story["truth"] != truth["truth"]:
        problems.append(f"{where}: truth {story['truth']!r}, the data says {truth['truth']!r}")
    if sorted(story["body_ids"]) != sorted(truth["bodies"]):
        problems.append(f"{where}: body_ids are not the story's bodies in stories/train.csv")
    bodies = set(story["body_ids"])
    for pair in story["copies"]:
        copy, original = pair
        if copy not in bodies or original not in bodies or copy == original:
            problems.append(f"{where}: copy pair {pair} is not two of the story's bodies")
    clusters = defaultdict(set)
    for copy, original in story["copies"]:
        clusters[original].update((copy, original))
    for original, members in clusters.items():
        if original != min(members):
            problems.append(f"{where}: copy_of {original} is not the lowest id of its cluster")
    ids = [o["origin"] for o in story["origins"]]
    if len(ids) != len(set(ids)):
        problems.append(f"{where}: origin ids repeat")
    for o in story["origins"]:
        if o["kind"] not in KINDS:
            problems.append(f"{where}: {o['origin']} has unknown kind {o['kind']!r}")
        if o["stance"] not in STANCES:
            problems.append(f"{where}: {o['origin']} has unknown stance {o['stance']!r}")
        if not (o["channel"] is None or isinstance(o["channel"], str) and o["channel"]):
            problems.append(f"{where}: {o['origin']} channel must be a string or null")
    counts = {s: sum(o["stance"] == s for o in story["origins"]) for s in STANCES}
    if story["independent_origins"] != counts:
        problems.append(f"{where}: independent_origins {story['independent_origins']} != {counts}")
    return problems


def check_mentions(stories: dict[str, dict], mentions: list[dict], data: Data) -> list[str]:
    """Problems with the mentions: story, body, offsets, origin, overlaps, unused origins."""
    problems = []
    used = defaultdict(set)
    spans = defaultdict(list)
    for n, m in enumerate(mentions, 1):
        where = f"mentions.jsonl line {n}"
        story = stories.get(m["claim_id"])
        if story is None:
            problems.append(f"{where}: claim_id {m['claim_id']!r} is not in stories.jsonl")
            continue
        if m["body_id"] not in story["body_ids"]:
            problems.append(f"{where}: body {m['body_id']} is not in story {m['claim_id'][:8]}")
            continue
        text = data.bodies[m["body_id"]]
        start, end = m["start"], m["end"]
        if not (0 <= start < end <= len(text)):
            problems.append(f"{where}: offsets {start}-{end} outside body {m['body_id']}")
            continue
        if text[start:end] != text[start:end].strip():
            problems.append(f"{where}: span {start}-{end} starts or ends with whitespace")
        if m["origin"] not in {o["origin"] for o in story["origins"]}:
            problems.append(f"{where}: origin {m['origin']} is not in story {m['claim_id'][:8]}")
        used[m["claim_id"]].add(m["origin"])
        spans[m["body_id"]].append((start, end, n))
    for body, ranges in spans.items():
        ranges.sort()
        for (_, e1, n1), (s2, _, n2) in itertools.pairwise(ranges):
            if s2 < e1:
                problems.append(f"mentions.jsonl lines {n1} and {n2} overlap in body {body}")
    for cid, story in stories.items():
        for o in story["origins"]:
            if o["origin"] not in used[cid]:
                problems.append(f"story {cid[:8]}: {o['origin']} has no mention")
    return problems


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def check_no_article_text(stories: dict[str, dict], data: Data) -> list[str]:
    """Notes and origin names must not carry article text (runs of copied words)."""
    problems = []
    for cid, story in stories.items():
        grams = set()
        for body in story["body_ids"]:
            w = words(data.bodies[body])
            grams.update(tuple(w[i:i + COPIED_WORDS]) for i in range(len(w) - COPIED_WORDS + 1))
        texts = [story["notes"]] + [o["name"] for o in story["origins"]]
        for text in texts:
            w = words(text)
            for i in range(len(w) - COPIED_WORDS + 1):
                if tuple(w[i:i + COPIED_WORDS]) in grams:
                    problems.append(
                        f"story {cid[:8]}: notes or names repeat {COPIED_WORDS} words of an article"
                    )
                    break
    return problems


def surface(text: str) -> str:
    """A mention's wording for comparisons: lower case, no leading article, plain quotes."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^(the|a|an) ", "", text)


def cross_pairs(mentions: list[dict], data: Data) -> Counter:
    """Every pair of mentions in different bodies of one story, by kind of pair."""
    by_story = defaultdict(list)
    for m in mentions:
        by_story[m["claim_id"]].append(m)
    counts = Counter()
    for group in by_story.values():
        for a, b in itertools.combinations(group, 2):
            if a["body_id"] == b["body_id"]:
                continue
            same = a["origin"] == b["origin"]
            ta = surface(data.bodies[a["body_id"]][a["start"]:a["end"]])
            tb = surface(data.bodies[b["body_id"]][b["start"]:b["end"]])
            counts["same" if same else "different"] += 1
            if same and ta != tb:
                counts["same, worded differently"] += 1
            if not same and ta == tb:
                counts["different, worded alike"] += 1
            if not same and ta != tb and ta.split()[-1] == tb.split()[-1]:
                counts["different, same head word"] += 1
    return counts


def summary(stories: dict[str, dict], mentions: list[dict], data: Data) -> dict[str, int]:
    """The counts README.md reports."""
    origins = [o for s in stories.values() for o in s["origins"]]
    truths = Counter(s["truth"] for s in stories.values())
    pairs = cross_pairs(mentions, data)
    out = {
        "stories": len(stories),
        **{f"stories {t}": truths[t] for t in ("true", "false", "unknown")},
        "bodies": sum(len(s["body_ids"]) for s in stories.values()),
        "bodies with a mention": len({m["body_id"] for m in mentions}),
        "copy pairs": sum(len(s["copies"]) for s in stories.values()),
        "mentions": len(mentions),
        "origins": len(origins),
        **{f"origins {st}": sum(o["stance"] == st for o in origins) for st in STANCES},
        "cross-article pairs": pairs["same"] + pairs["different"],
        "pairs same": pairs["same"],
        "pairs different": pairs["different"],
        "pairs same, worded differently": pairs["same, worded differently"],
        "pairs different, worded alike": pairs["different, worded alike"],
        "pairs different, same head word": pairs["different, same head word"],
    }
    return out


def story_rows(stories: dict[str, dict], mentions: list[dict], data: Data) -> list[str]:
    """README.md's per-story table rows: bodies, mentions, origins by stance, pairs."""
    by_story = defaultdict(list)
    for m in mentions:
        by_story[m["claim_id"]].append(m)
    rows = []
    for cid, story in sorted(stories.items()):
        pairs = cross_pairs(by_story[cid], data)
        cells = [cid[:8], story["truth"], len(story["body_ids"]), len(by_story[cid]),
                 *(story["independent_origins"][s] for s in STANCES),
                 pairs["same"], pairs["different"]]
        rows.append("| " + " | ".join(str(c) for c in cells) + " |")
    return rows


def readme_counts(path: Path) -> dict[str, int]:
    """The `| name | number |` rows of README.md's counts table."""
    if not path.exists():
        return {}
    rows = re.findall(r"^\| ([a-z][^|]*?) \| (\d+) \|$", path.read_text(encoding="utf-8"), re.M)
    return {name: int(value) for name, value in rows}


def check_all(root: Path) -> tuple[list[str], dict[str, int]]:
    """Every problem with the files, and the counts (empty when the files cannot be read)."""
    data = load_data(root)
    story_lines = read_jsonl(STORIES)
    stories = {s["claim_id"]: s for s in story_lines}
    problems = [] if len(stories) == len(story_lines) else ["stories.jsonl: a claim_id repeats"]
    for story in story_lines:
        problems += check_story(story, data)
    if problems:
        return problems, {}
    mentions = read_jsonl(MENTIONS)
    problems += check_mentions(stories, mentions, data)
    problems += check_no_article_text(stories, data)
    counts = summary(stories, mentions, data)
    documented = readme_counts(README)
    for name, value in counts.items():
        if documented.get(name) != value:
            problems.append(f"README.md: {name} is {documented.get(name)}, the files give {value}")
    readme = README.read_text(encoding="utf-8").splitlines() if README.exists() else []
    for row in story_rows(stories, mentions, data):
        if row not in readme:
            problems.append(f"README.md: no per-story row {row}")
    return problems, counts


def show(prefix: str, root: Path) -> None:
    """Print one story's mentions with their spans (terminal only)."""
    data = load_data(root)
    for m in read_jsonl(MENTIONS):
        if m["claim_id"].startswith(prefix):
            span = data.bodies[m["body_id"]][m["start"]:m["end"]]
            print(f"{m['body_id']:>6} {m['start']:>6} {m['origin']:>4}  {span}")


def data_root(path: str | None) -> Path:
    """--data, else $CREDSCORE_DATA, else ../shared/data beside the repo (credscore's rule)."""
    from credscore.training.corpora import data_dir

    return data_dir(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="data folder (default: $CREDSCORE_DATA, ../shared/data)")
    parser.add_argument("--select", action="store_true", help="print the seeded story draw")
    parser.add_argument("--show", metavar="CLAIM_PREFIX", help="print a story's mention spans")
    args = parser.parse_args(argv)
    root = data_root(args.data)
    if args.show:
        show(args.show, root)
        return 0
    if args.select:
        drawn = seeded_selection(load_data(root))
        print("\n".join(drawn))
        annotated = {s["claim_id"] for s in read_jsonl(STORIES)}
        if set(drawn) != annotated:
            print("the annotated stories are not the seeded draw", file=sys.stderr)
            return 1
        return 0
    problems, counts = check_all(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    for name, value in counts.items():
        print(f"| {name} | {value} |")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
