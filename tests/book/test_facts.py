"""The helpers that turn computed numbers into glued facts."""

import numpy as np

from analysis.book.facts import dutch, plain, plain_facts


def test_dutch_uses_a_decimal_comma_and_rounds():
    assert dutch(3.3567) == "3,4"
    assert dutch(1.866, digits=2) == "1,87"


def test_plain_turns_numpy_scalars_into_python_values():
    facts = plain_facts({"n": np.int64(12), "x": np.float64(0.5), "name": "Utrecht"})
    assert facts == {"n": 12, "x": 0.5, "name": "Utrecht"}
    assert type(facts["n"]) is int and type(plain(np.float32(1.5))) is float


def test_glue_figure_draws_once_per_language_and_glues_each(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt
    import myst_nb
    import pandas as pd
    import pytest

    from analysis.book.facts import glue_figure
    from analysis.language import LANGUAGES, current

    glued, drawn = {}, []
    monkeypatch.setattr(myst_nb, "glue", lambda key, value, display=True: glued.__setitem__(key, value))

    def draw(data=pd.DataFrame({"code": ["a"], "value": [1.5]})):
        drawn.append(current())
        fig, ax = plt.subplots()
        ax.set_title(current())
        plt.close(fig)
        fig.lr_data = data
        fig.lr_meta = {"source": "S", "period": "2023", "unit": "u", "licence": "CC BY 4.0"}
        return fig

    path = glue_figure("fig_lang", draw, folder=tmp_path)
    assert drawn == list(LANGUAGES) == ["en", "nl"]
    assert set(glued) == {"fig_lang", "fig_lang__nl"}
    assert [glued[k].axes[0].get_title() for k in ("fig_lang", "fig_lang__nl")] == ["en", "nl"]
    assert path.read_text(encoding="utf-8").endswith("code,value\na,1.5\n")

    def other_data():
        return draw(pd.DataFrame({"code": ["a"], "value": [1.5 if current() == "en" else 2.5]}))

    with pytest.raises(ValueError, match="figure fig_bad: its Nederlands edition draws other data"):
        glue_figure("fig_bad", other_data, folder=tmp_path)
    assert not (tmp_path / "fig_bad.csv").exists()
