import pytest

from chip_export_news.cli import main
from chip_export_news.release.curating import GUIDE, render_guide

from conftest import ROOT


@pytest.mark.data
def test_the_committed_curators_guide_is_up_to_date():
    assert (ROOT / GUIDE).read_text(encoding="utf-8") == render_guide(ROOT), "run `python build.py guide` and commit"


def test_the_guide_follows_the_vocabularies_and_the_guide_command_rewrites_it(project, capsys):
    vocabularies = project / "schema" / "vocabularies.yaml"
    text = vocabularies.read_text(encoding="utf-8")
    vocabularies.write_text(text.replace("errata_kinds:\n", "errata_kinds:\n  wrong_number: A figure is wrong.\n"),
                            encoding="utf-8")
    assert "| `wrong_number` | A figure is wrong. |" in render_guide(project)
    assert main(["guide", "--root", str(project)]) == 0
    assert (project / GUIDE).read_text(encoding="utf-8") == render_guide(project)


def test_the_guide_lists_every_date_form_the_resolver_names_in_its_errors():
    from chip_export_news.annotate.dates import DateError, parse_edtf, resolve

    try:
        resolve("neulich", parse_edtf("2025-07"))
    except DateError as error:
        forms = str(error).split("known forms: ")[1].split(" — ")[0].split("; ")
    guide = render_guide(ROOT)
    assert forms and all("`" + form.replace("|", "\\|") + "`" in guide for form in forms)  # cells escape |
