"""The failure model: a base rate plus a size limit per platform, shared base rates.

These are the properties a DAG author relies on when a platform fails now and then:
failures of huge jobs do not make small jobs look risky, one unlucky failure on a
rarely used platform does not banish it, and a size limit guessed too low by the rules
of thumb is corrected by runs past it.
"""

from __future__ import annotations

import numpy as np

from strands_airflow.agents.decision.learner import PlatformLearner, log10_gb
from strands_airflow.agents.decision.priors import design_matrix
from strands_airflow.core.features import feature_values


def _emb(gb: float) -> np.ndarray:
    return np.asarray(
        feature_values(
            {"data_volume_gb": gb, "num_joins": 1, "source_count": 1, "transform": "sql"}
        )
    )


def _p_fail(learner: PlatformLearner, platform: str, gb: float) -> float:
    z = np.zeros((4, 1))
    return learner.sample_failure(platform, design_matrix(_emb(gb)), z)[1]


def _feed(learner: PlatformLearner, platform: str, sizes, failed) -> None:
    emb = np.stack([_emb(g) for g in sizes])
    t = np.full(len(sizes), 60.0)
    learner.observe(emb, [platform] * len(sizes), t, ~np.asarray(failed, dtype=bool))


def test_log10_gb_reads_the_size_back_from_the_embedding():
    for gb in (0.01, 1.0, 37.0, 2500.0):
        assert abs(float(log10_gb(_emb(gb))[0]) - np.log10(gb)) < 0.01


def test_failures_past_a_size_limit_do_not_make_small_jobs_look_risky():
    # local succeeds below 20 GB and always fails above 200 GB (out of memory)
    rng = np.random.default_rng(0)
    learner = PlatformLearner()
    small = list(np.exp(rng.uniform(np.log(0.1), np.log(20.0), 150)))
    big = list(np.exp(rng.uniform(np.log(200.0), np.log(2000.0), 60)))
    sizes = small + big
    failed = [False] * len(small) + [True] * len(big)
    order = rng.permutation(len(sizes))
    _feed(learner, "local", [sizes[i] for i in order], [failed[i] for i in order])

    assert _p_fail(learner, "local", 2.0) < 0.03
    assert _p_fail(learner, "local", 800.0) > 0.9


def test_one_unlucky_failure_on_a_rarely_used_platform_weighs_less_than_the_common_evidence():
    rng = np.random.default_rng(1)
    learner = PlatformLearner()
    sizes = list(np.exp(rng.uniform(np.log(0.5), np.log(50.0), 300)))
    _feed(learner, "glue", sizes, rng.random(300) < 0.02)
    _feed(learner, "emr_serverless", [5.0, 8.0, 12.0], [True, False, False])

    p_emr = _p_fail(learner, "emr_serverless", 8.0)
    assert p_emr < 0.15  # one failure in three runs is not a 33% failure rate
    assert p_emr > _p_fail(learner, "glue", 8.0)  # ...but it does count


def test_common_failures_raise_every_platforms_base_rate():
    rng = np.random.default_rng(2)
    quiet, noisy = PlatformLearner(), PlatformLearner()
    sizes = list(np.exp(rng.uniform(np.log(0.5), np.log(50.0), 200)))
    _feed(quiet, "glue", sizes, rng.random(200) < 0.01)
    _feed(noisy, "glue", sizes, rng.random(200) < 0.20)
    # emr_serverless never ran in either history: what it can expect follows glue's
    assert _p_fail(noisy, "emr_serverless", 5.0) > 2.0 * _p_fail(quiet, "emr_serverless", 5.0)


def test_a_size_limit_guessed_too_low_is_corrected_by_runs_past_it():
    # The rules of thumb put Lambda's memory limit near 10 GB; this Lambda has more.
    learner = PlatformLearner()
    before = _p_fail(learner, "lambda", 30.0)
    rng = np.random.default_rng(3)
    sizes = list(np.exp(rng.uniform(np.log(0.5), np.log(40.0), 120)))
    _feed(learner, "lambda", sizes, [False] * len(sizes))
    after = _p_fail(learner, "lambda", 30.0)
    assert before > 0.5
    assert after < 0.1


def test_one_run_at_a_time_and_one_batch_learn_the_same_failure_model():
    rng = np.random.default_rng(4)
    n = 120
    sizes = np.exp(rng.uniform(np.log(0.05), np.log(3000.0), n))
    plats = rng.choice(["local", "glue", "lambda"], n)
    ok = rng.random(n) > np.where(sizes > 100, 0.6, 0.03)
    emb = np.stack([_emb(g) for g in sizes])
    t = np.full(n, 30.0)
    one, batch = PlatformLearner(), PlatformLearner()
    for i in range(n):
        one.observe(emb[i : i + 1], [plats[i]], t[i : i + 1], ok[i : i + 1])
    batch.observe(emb, list(plats), t, ok)  # > 64 rows: the batch path
    for platform in ("local", "glue", "lambda", "emr_serverless"):
        for gb in (0.1, 10.0, 500.0):
            a, b = _p_fail(one, platform, gb), _p_fail(batch, platform, gb)
            assert abs(a - b) < 1e-6 * max(a, 1e-3), (platform, gb, a, b)
