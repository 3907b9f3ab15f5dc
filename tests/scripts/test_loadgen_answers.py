"""scripts/loadgen.py reads both answers it times: the gateway's {message_id, replies, reply_ids} and a Rasa
server's bare list of replies; an error reply or an empty answer counts as an error."""

from __future__ import annotations

from scripts.loadgen import _error


def test_the_gateways_answer_and_rasas_list_are_both_read():
    assert _error(200, {"message_id": 3, "replies": [{"text": "好"}], "reply_ids": [4]}) is None
    assert _error(200, [{"text": "好"}]) is None


def test_errors_are_counted():
    assert _error(503, {"error": "x"}) == "HTTP 503"
    assert _error(200, {"message_id": 3, "replies": [], "reply_ids": []}).startswith("no messages")
    assert _error(200, {"replies": [{"custom": {"error": "rasa_down"}}]}) == "error reply: rasa_down"
