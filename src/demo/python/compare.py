# Threading against multiprocessing on the same jobs (after the prelude).
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


def main():
    kind, workers, budget_ms = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    python_info()
    if kind == "cpu":
        # Sized on this thread's CPU time, not the wall clock, so a busy
        # machine does not shrink the work.
        t = time.thread_time()
        burn(50000)
        rate = 50000 / max(time.thread_time() - t, 1e-6)
        n = max(1000, int(rate * budget_ms / 1000.0) // workers)
        jobs = [(burn, n)] * workers
    else:
        waits = int(sys.argv[4])
        jobs = [(wait, budget_ms / 1000.0)] * waits
    timed("python-sequential", 1, lambda: [f(a) for f, a in jobs])
    with cf.ThreadPoolExecutor(max_workers=workers) as ex:
        timed("python-threading", workers,
              lambda: list(ex.map(lambda j: j[0](j[1]), jobs)))
    # The pool is started (every worker forked and answering) before the
    # clock starts; its start-up is reported apart.
    t = time.perf_counter()
    with process_pool(workers) as ex:
        list(ex.map(ready, range(workers * 4)))
        startup_ms = (time.perf_counter() - t) * 1e3
        timed("python-multiprocessing", workers,
              lambda: list(ex.map(jobs[0][0], [a for _, a in jobs])),
              startup_ms=startup_ms)


main()
