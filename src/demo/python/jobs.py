import concurrent.futures as cf


# The jobs of the comparison scripts (after the prelude): CPU work, a
# sleep, and a no-op to start a pool. Each job returns (pid, CPU seconds of
# its thread): a pool's workers are not reaped while it runs, so their
# rusage cannot be read from here. The CPU job adds when it was on a CPU.

# A gap between two clock stamps longer than this means the worker was off
# the CPU (descheduled, or waiting for the GIL): the stamps' resolution.
GAP_NS = 50000
# Rounds of work between two stamps: a few microseconds.
PIECE = range(32)


def burn(n):
    """n rounds of CPU work, stamping time.monotonic_ns (CLOCK_MONOTONIC on
    Linux, the clock every process shares) after every piece: the on-CPU
    intervals, as (start, end) pairs of ns, go back with the result."""
    c = time.thread_time()
    mono = time.monotonic_ns
    spans = []
    start = last = mono()
    x = 1
    for _ in range(n // len(PIECE)):
        for _ in PIECE:
            x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        t = mono()
        if t - last > GAP_NS:
            spans.append((start, last))
            start = t
        last = t
    for _ in range(n % len(PIECE)):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
    spans.append((start, mono()))
    return os.getpid(), time.thread_time() - c, spans


def wait(seconds):
    c = time.thread_time()
    time.sleep(seconds)
    return os.getpid(), time.thread_time() - c


def ready(_):
    return os.getpid(), 0.0


def timed(mode, workers, run, **extra):
    """Runs `run` and reports it; the CPU jobs' on-CPU intervals are sent in
    ms since the run started (one list per job), on the same clock."""
    emit(event="run_started", mode=mode)
    t0 = time.monotonic_ns()
    t = time.perf_counter()
    done = run()
    wall = time.perf_counter() - t
    spans = [[[(s - t0) / 1e6, (e - t0) / 1e6] for s, e in d[2]]
             for d in done if len(d) > 2]
    if spans:
        extra["spans"] = spans
    emit(event="run", mode=mode, workers=workers, wall_ms=wall * 1e3,
         cpu_ms=sum(d[1] for d in done) * 1e3,
         pids=sorted(set(d[0] for d in done)), **extra)
    return wall


def calibrate():
    """burn's rounds per CPU second, sized on this thread's CPU clock (so a
    busy machine does not shrink the work), and the share of a core this
    thread gets now (0.25 to 1): a first round's scale."""
    t, w = time.thread_time(), time.perf_counter()
    burn(50000)
    cpu, wall = time.thread_time() - t, time.perf_counter() - w
    return 50000 / max(cpu, 1e-6), min(1.0, max(0.25, cpu / max(wall, 1e-6)))


def next_scale(scale, took, round_ms):
    """The next round's scale: this one's, by how long it took against its
    plan, so a busy machine still ends in about the budget."""
    return min(1.0, max(0.25, round_ms / 1000.0 / max(took / scale, 1e-9)))


def rounds(min_rounds, max_rounds, limit_ms):
    """Round numbers while another round fits: at least min_rounds, at most
    max_rounds, none started once the time so far plus one more round's
    would pass limit_ms. Each is announced with a `round` line; `done`
    follows the last."""
    t0 = time.perf_counter()
    for r in range(max_rounds):
        spent = time.perf_counter() - t0
        if r >= min_rounds and spent + spent / r > limit_ms / 1000.0:
            break
        emit(event="round", round=r)
        yield r
    emit(event="done")
