"""The one voting layer of participation, shared by neighbourhood budgets, polls and agenda rounds.

Who may take part (`Access`), the verified voter profile, one-time codes from letters, the voter
register kept apart from the ballots, the shuffle that unlinks them, the gate of a ballot page and
its "who is voting" page. A domain describes its own ballot once, as a `BallotBox`
(`ballot/models.py`), and every function here takes that box.
"""
