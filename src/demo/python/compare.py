# Threading against multiprocessing on the same jobs (after the prelude), in
# interleaved rounds: sequential, threading, multiprocessing, sequential, ...
# so a load that comes and goes hits every mode alike; concur takes medians
# and ends the script (kills its group) once it has enough rounds. The jobs,
# `timed` and the rounds come from jobs.py.
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
        # The first round does the share of its work that the share of a
        # core we get now allows.
        rate, scale = calibrate()
        full = max(1000, int(rate * unit_ms / 1000.0) // workers)
        jobs = lambda s: [(burn, max(1000, int(full * s)))] * workers
    else:
        jobs = lambda s: [(wait, unit_ms / 1000.0)] * waits
    threads = cf.ThreadPoolExecutor(max_workers=workers)
    # The sequential run works on a thread of its own, as the threads' work
    # does: CPython runs the same loop on the main thread a few per cent
    # slower (3-4 % measured on 3.11), which would flatter every speedup.
    one = cf.ThreadPoolExecutor(max_workers=1)
    # The process pool is started (every worker forked and answering) before
    # any clock starts; its start-up is reported apart.
    t = time.perf_counter()
    procs = process_pool(workers)
    list(procs.map(ready, range(workers * 4)))
    startup_ms = (time.perf_counter() - t) * 1e3
    for _ in rounds(min_rounds, max_rounds, limit_ms):
        js = jobs(scale)
        took = timed("python-sequential", 1,
                     lambda: one.submit(lambda: [f(a) for f, a in js]).result())
        took += timed("python-threading", workers,
                      lambda: list(threads.map(lambda j: j[0](j[1]), js)))
        took += timed("python-multiprocessing", workers,
                      lambda: list(procs.map(js[0][0], [a for _, a in js])),
                      startup_ms=startup_ms)
        if kind == "cpu":
            scale = next_scale(scale, took, round_ms)
    threads.shutdown()
    one.shutdown()
    procs.shutdown()


main()
