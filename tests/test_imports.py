"""What importing a part of credscore loads: the text layer stays free of scikit-learn."""

import subprocess
import sys

import credscore


def _loaded_after(statement: str) -> set[str]:
    """Top-level modules loaded by ``statement`` in a fresh interpreter."""
    code = f"{statement}; import sys; print(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in done.stdout.split()}


def test_importing_the_text_layer_loads_no_scikit_learn():
    loaded = _loaded_after("import credscore.text")
    assert not loaded & {"sklearn", "scipy", "skops", "joblib"}


def test_the_public_api_is_there_on_first_use():
    assert set(credscore.__all__) <= set(dir(credscore))
    assert credscore.load is credscore.scoring.scorer.load
    assert credscore.ArticleReport.__module__ == "credscore.scoring.report"
