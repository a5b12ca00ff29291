"""Reading inputs: JSONL streams line by line, oversized files are refused unread."""

import io
import json

from credscore.inputs import iter_items


class OneWayStream(io.BytesIO):
    """A byte stream that records how far it has been read."""

    def __init__(self, lines):
        super().__init__(b"".join(lines))
        self.lines = lines


def records(n):
    return [
        (json.dumps({"id": f"a{i}", "text": f"The council met {i} times."}) + "\n").encode()
        for i in range(n)
    ]


def test_a_jsonl_stream_yields_records_before_it_is_read_to_the_end():
    stream = OneWayStream(records(1000))
    items = iter_items(["-"], stdin=stream)
    first = next(items)
    assert first.record["id"] == "a0"
    assert stream.tell() < len(stream.getvalue()) // 2  # read ahead at most a buffer
    assert [i.record["id"] for i in items][-1] == "a999"


def test_a_jsonl_file_streams_and_reports_bad_lines_by_number(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = records(2) + [b"not json\n", "{\"text\": \"Caf\xe9 opened.\"}\n".encode("cp1252")]
    path.write_bytes(b"\xef\xbb\xbf" + b"".join(lines))
    items = list(iter_items([str(path)]))
    assert [i.record["id"] for i in items if i.record] == ["a0", "a1", "batch-4"]
    assert items[3].record["text"] == "Caf\xe9 opened."  # the cp1252 line decoded on its own
    assert items[2].name == f"{path} line 3" and items[2].error.startswith("invalid JSON")


def test_a_file_without_suffix_is_read_as_jsonl_when_it_starts_with_an_object(tmp_path):
    batch, article = tmp_path / "batch", tmp_path / "article"
    batch.write_bytes(b"\n" + b"".join(records(3)))
    article.write_text("{Braces} open this article.\nThe council met on Tuesday.", "utf-8")
    assert [i.record["id"] for i in iter_items([str(batch)])] == ["a0", "a1", "a2"]
    (only,) = iter_items([str(article)])
    assert only.record["id"] == "article" and only.record["text"].startswith("{Braces}")


def test_a_20_mb_article_file_is_refused_without_being_read(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(20_000_000)  # sparse: 20 MB that cost nothing to write
    small = tmp_path / "small.txt"
    small.write_text("The council met on Tuesday and passed the budget.", "utf-8")
    read = []
    original = type(big).read_bytes
    monkeypatch.setattr(type(big), "read_bytes", lambda self: read.append(self) or original(self))
    items = list(iter_items([str(big), str(small)], max_chars=1_000_000))
    assert items[0].error == (
        "article has 20,000,000 bytes, over the limit of 1,000,000; split it or raise --max-chars"
    )
    assert items[1].record["id"] == "small" and read == [small]


def test_a_broken_first_record_on_stdin_is_reported_as_a_jsonl_line():
    stream = io.BytesIO(b'{"text": "The council met\n' + b"".join(records(2)))
    items = list(iter_items(["-"], stdin=stream))
    assert items[0].name == "- line 1" and items[0].error.startswith("invalid JSON")
    assert [i.record["id"] for i in items[1:]] == ["a0", "a1"]


def test_a_utf16_jsonl_file_is_read_line_by_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    text = "".join(line.decode() for line in records(3))
    path.write_bytes(text.encode("utf-16"))  # with its byte-order mark
    assert [i.record["id"] for i in iter_items([str(path)])] == ["a0", "a1", "a2"]


def test_a_jsonl_file_whose_first_line_is_short_keeps_its_lines_apart(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"\n" + b"".join(records(2)))
    assert [i.record["id"] for i in iter_items([str(path)])] == ["a0", "a1"]
