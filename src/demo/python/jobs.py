import concurrent.futures as cf


# The jobs of the comparison scripts (after the prelude): CPU work, a
# sleep, and a no-op to start a pool, each returning (pid, CPU seconds).
# Each job returns (pid, CPU seconds of its thread): a pool's workers are
# not reaped while it runs, so their rusage cannot be read from here.
def burn(n):
    c = time.thread_time()
    x = 1
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
    return os.getpid(), time.thread_time() - c


def wait(seconds):
    c = time.thread_time()
    time.sleep(seconds)
    return os.getpid(), time.thread_time() - c


def ready(_):
    return os.getpid(), 0.0


def timed(mode, workers, run, **extra):
    emit(event="run_started", mode=mode)
    t = time.perf_counter()
    done = run()
    wall = time.perf_counter() - t
    emit(event="run", mode=mode, workers=workers, wall_ms=wall * 1e3,
         cpu_ms=sum(c for _, c in done) * 1e3,
         pids=sorted(set(p for p, _ in done)), **extra)
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
