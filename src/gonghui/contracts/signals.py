"""Signals of collective contracts for the labour-relations early warning (app `disputes`).

``employer_signals(employer_ids, since, until)`` gives, per employer, the counts the warning
weighs. Here: ``contract_lapsed`` = 1 when a contract covering the employer (综合 or 工资专项)
ended within the period and none was in force the day after (no renewal), else 0. Every
employer asked about gets an entry, so a missing signal and a zero are not confused.
"""

from .queries import lapsed_without_renewal


def employer_signals(employer_ids, since, until) -> dict[int, dict[str, int]]:
    ids = [int(i) for i in employer_ids]
    out = {i: {"contract_lapsed": 0} for i in ids}
    for _contract, employer_id in lapsed_without_renewal(since, until, ids):
        out[employer_id]["contract_lapsed"] = 1
    return out
