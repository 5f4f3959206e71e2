"""The objects a worker keeps for its whole life are frozen after its first request, so full garbage
collections stay short (see core/memory.py)."""

import gc

from sociale_basis.core import memory


def test_the_first_finished_request_freezes_the_long_lived_objects(client, monkeypatch):
    monkeypatch.setattr(memory, "_done", False)
    memory.install()
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    client.get("/toegankelijkheid/")
    frozen = gc.get_freeze_count()
    assert frozen > 10_000
    client.get("/toegankelijkheid/")
    # Once per process: a second freeze would move the thousands of objects made since.
    assert gc.get_freeze_count() - frozen < 1_000
