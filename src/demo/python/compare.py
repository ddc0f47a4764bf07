# Threading against multiprocessing on the same jobs (after the prelude), in
# interleaved rounds: sequential, threading, multiprocessing, sequential, ...
# so a load that comes and goes hits every mode alike; concur takes medians
# and ends the script (kills its group) once it has enough rounds.
import concurrent.futures as cf


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


# Arguments: kind (cpu | io), workers, the sequential run's length in ms
# (cpu) or one wait's (io), waits (io), the fewest and most rounds, a
# round's planned wall time in ms, and the time after which no new round
# starts, in ms.
def main():
    kind, workers, unit_ms = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    waits = int(sys.argv[4])
    min_rounds, max_rounds = int(sys.argv[5]), int(sys.argv[6])
    round_ms, limit_ms = float(sys.argv[7]), float(sys.argv[8])
    python_info()
    scale = 1.0
    if kind == "cpu":
        # Sized on this thread's CPU time, not the wall clock, so a busy
        # machine does not shrink the work; the first round does the share
        # of it that the share of a core we get now allows.
        t, w = time.thread_time(), time.perf_counter()
        burn(50000)
        cpu, wall = time.thread_time() - t, time.perf_counter() - w
        rate = 50000 / max(cpu, 1e-6)
        scale = min(1.0, max(0.25, cpu / max(wall, 1e-6)))
        full = max(1000, int(rate * unit_ms / 1000.0) // workers)
        jobs = lambda s: [(burn, max(1000, int(full * s)))] * workers
    else:
        jobs = lambda s: [(wait, unit_ms / 1000.0)] * waits
    threads = cf.ThreadPoolExecutor(max_workers=workers)
    # The process pool is started (every worker forked and answering) before
    # any clock starts; its start-up is reported apart.
    t = time.perf_counter()
    procs = process_pool(workers)
    list(procs.map(ready, range(workers * 4)))
    startup_ms = (time.perf_counter() - t) * 1e3
    t0 = time.perf_counter()
    for r in range(max_rounds):
        spent = time.perf_counter() - t0
        if r >= min_rounds and spent + spent / r > limit_ms / 1000.0:
            break
        emit(event="round", round=r)
        js = jobs(scale)
        took = timed("python-sequential", 1, lambda: [f(a) for f, a in js])
        took += timed("python-threading", workers,
                      lambda: list(threads.map(lambda j: j[0](j[1]), js)))
        took += timed("python-multiprocessing", workers,
                      lambda: list(procs.map(js[0][0], [a for _, a in js])),
                      startup_ms=startup_ms)
        if kind == "cpu":
            # The next round scaled by how long this one took against its
            # plan, so a busy machine still ends in about the budget.
            scale = min(1.0, max(0.25, round_ms / 1000.0 / max(took / scale, 1e-9)))
    emit(event="done")
    threads.shutdown()
    procs.shutdown()


main()
