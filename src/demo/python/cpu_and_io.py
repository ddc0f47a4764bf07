# cpu-and-io: both halves of "multiprocessing for computations, threading
# for I/O", in interleaved rounds (after the prelude and jobs.py): CPU jobs
# and sleeps, each one after another, on a ThreadPoolExecutor and on a
# ProcessPoolExecutor. Starting the I/O half's threads and processes, and
# the processes' memory, are measured apart, before any round.
# argv: workers, the CPU half's sequential length in ms (a round's), I/O
# workers, one sleep in ms, sleeps, the fewest and most rounds, a round's
# planned wall time in ms, the time after which no new round starts in ms.


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return float(line.split()[1])
    except Exception:
        pass
    return None


def nothing():
    pass


def main():
    workers, cpu_ms = int(sys.argv[1]), float(sys.argv[2])
    io_workers, wait_ms, waits = int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    min_rounds, max_rounds = int(sys.argv[6]), int(sys.argv[7])
    round_ms, limit_ms = float(sys.argv[8]), float(sys.argv[9])
    python_info()
    rate, scale = calibrate()
    full = max(1000, int(rate * cpu_ms / 1000.0) // workers)
    # Start-up, apart: io_workers threads started and joined; a pool of
    # io_workers processes started until each answered.
    # (Threads: the median of 5 trials, so one disturbed start does not
    # decide.)
    trials = []
    for _ in range(5):
        t = time.perf_counter()
        started = [threading.Thread(target=nothing) for _ in range(io_workers)]
        for th in started:
            th.start()
        for th in started:
            th.join()
        trials.append((time.perf_counter() - t) * 1e3)
    emit(event="figure", name="python threads start-up ms",
         value=sorted(trials)[len(trials) // 2])
    t = time.perf_counter()
    io_procs = process_pool(io_workers)
    pids = set(p for p, _ in io_procs.map(ready, range(io_workers * 4)))
    emit(event="figure", name="python processes start-up ms",
         value=(time.perf_counter() - t) * 1e3)
    try:
        pids |= set(io_procs._processes)
    except Exception:
        pass
    kib = [rss_kib(p) for p in pids]
    if kib and all(k is not None for k in kib):
        emit(event="figure", name="python processes resident KiB", value=sum(kib))
    cpu_threads = cf.ThreadPoolExecutor(max_workers=workers)
    # Sequential runs on a thread of their own, as the threads' work does
    # (CPython runs the main thread's loop a few per cent slower).
    one = cf.ThreadPoolExecutor(max_workers=1)
    io_threads = cf.ThreadPoolExecutor(max_workers=io_workers)
    cpu_procs = process_pool(workers)
    list(cpu_procs.map(ready, range(workers * 4)))
    for _ in rounds(min_rounds, max_rounds, limit_ms):
        n = max(1000, int(full * scale))
        took = timed("python-cpu-sequential", 1,
                     lambda: one.submit(lambda: [burn(n) for _ in range(workers)]).result())
        took += timed("python-cpu-threading", workers,
                      lambda: list(cpu_threads.map(burn, [n] * workers)))
        took += timed("python-cpu-multiprocessing", workers,
                      lambda: list(cpu_procs.map(burn, [n] * workers)))
        s = wait_ms / 1000.0
        took += timed("python-io-sequential", 1,
                      lambda: one.submit(lambda: [wait(s) for _ in range(waits)]).result())
        took += timed("python-io-threading", io_workers,
                      lambda: list(io_threads.map(wait, [s] * waits)))
        took += timed("python-io-multiprocessing", io_workers,
                      lambda: list(io_procs.map(wait, [s] * waits)))
        scale = next_scale(scale, took, round_ms)
    for ex in (one, cpu_threads, io_threads, cpu_procs, io_procs):
        ex.shutdown()


main()
