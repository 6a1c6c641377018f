"""Real public files sent to servers other than OpenAI (tests/corpus/real): each gets its server, and no verdict
that only OpenAI would give. The corpus as a whole gives exactly its findings (tests/faces/test_cli.py)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from flexlint.dialects import choose
from flexlint.run.documents import read_documents

CORPUS = ROOT / "tests" / "corpus" / "real"


@pytest.mark.parametrize(
    "name,servers",
    [
        ("baizhiyuan__LazyLLM__examples__test_vllm.py", {"vllm"}),
        ("HIT-SCIR__huozi__example__openai-api__openai-client.py", {"vllm"}),
        ("hwang2006__gpt-oss-with-ollama-on-supercomputing__examples__openai_client_v1.py", {"ollama"}),
        ("msamylea__autogen_focus_group__config.py", {"ollama"}),
        ("azure-data-ai-hub__aoai-o1__chatcompletion.py", {"azure"}),
        ("hank2333__word__ollama_request.json", {"ollama"}),
        ("toplocs__toplocs-workspace__claude_request.json", {"anthropic"}),
    ],
)
def test_real_files_go_where_they_say(name, servers):
    path = CORPUS / name
    found = set()
    for doc in read_documents(str(path), path.read_bytes()):
        dialect = choose(doc)
        assert dialect is not None, name
        found |= {s.target.server for s in dialect.read(doc).sites if s.effective or s.params}
    assert found == servers


def test_an_environment_default_is_read_and_said():
    path = CORPUS / "hwang2006__gpt-oss-with-ollama-on-supercomputing__examples__openai_client_v1.py"
    (doc,) = read_documents(str(path), path.read_bytes())
    targets = {s.target.assumed for s in choose(doc).read(doc).sites if s.effective}
    assert targets == {"the environment variable OPENAI_BASE_URL is not set"}
