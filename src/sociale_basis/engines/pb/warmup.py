"""Warm the compiled kernel when a server or background worker starts (see `warm`)."""

from __future__ import annotations

import time

from ._kernels import mes_float, mes_float_numpy
from .pabulib import parse_pb
from .rules import equal_shares

_WARM_ELECTION = """META
key;value
num_projects;3
num_votes;4
budget;10
vote_type;approval
PROJECTS
project_id;cost
a;4
b;3
c;6
VOTES
voter_id;vote
1;a,b
2;a,c
3;b
4;c
"""


def warm() -> float:
    """Compile the kernel (or load it from Numba's cache) now, and return the seconds it took.

    Called when a server worker or the background worker starts (conf/wsgi.py, the task worker), so
    that the first resident who opens a result does not wait for the compiler. Runs a tiny election
    through plain MES and MES with Add1 (with and without ADD-OPT), which are all the kernel's
    signatures; without Numba it returns at once.
    """
    start = time.perf_counter()
    if mes_float("auto") is mes_float_numpy:
        return 0.0
    election = parse_pb(_WARM_ELECTION)
    equal_shares(election, add1=False)
    equal_shares(election, add1=True)
    equal_shares(election, add1=True, add_opt=False)
    return time.perf_counter() - start
