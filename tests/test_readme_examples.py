"""The README's Python examples run as printed (the ones that need no files or cluster)."""

import re
from pathlib import Path

from credscore.text import decode, parse

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(heading: str) -> str:
    return re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## )", README, re.S | re.M).group(1)


def test_article_features_grid_search_example_runs_and_learns_the_labels():
    code = re.search(r"```python\n(.*?)```", _section("In your own scikit-learn pipeline"), re.S)
    fixtures = ROOT / "tests" / "fixtures"
    paths = [
        *sorted((ROOT / "examples").glob("*.txt")),
        *sorted((fixtures / "story").glob("*.txt")),
        *sorted((fixtures / "articles").glob("*")),
    ]
    texts = [decode(p.read_bytes()) for p in paths]
    labels = [int(parse(t, id="x").wire is not None) for t in texts]  # credited to a wire
    assert 3 <= sum(labels) <= len(labels) - 3
    namespace = {"texts": texts, "labels": labels, "new_texts": texts[:4]}
    exec(compile(code.group(1), "README.md", "exec"), namespace)
    search = namespace["search"]
    assert sorted(search.best_params_) == ["logisticregression__C"]
    assert list(namespace["predicted"]) == labels[:4]
