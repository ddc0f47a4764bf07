# thread-sweep: items of a little CPU (sized on this thread's CPU clock) and
# a sleep, sequentially and on m x cores threads (a ThreadPoolExecutor each).
# argv: items, wait_ms, cpu_ms, thread counts (comma-separated), cores
import concurrent.futures as cf


def spin(n):
    x = 1
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
    return x


def main():
    items, wait_s, cpu_ms = int(sys.argv[1]), float(sys.argv[2]) / 1e3, float(sys.argv[3])
    counts = [int(c) for c in sys.argv[4].split(",") if c]
    cores = max(1, int(sys.argv[5]))
    python_info()
    t = time.thread_time()
    spin(50000)
    rate = 50000 / max(time.thread_time() - t, 1e-6)
    n = max(100, int(rate * cpu_ms / 1e3))

    # One item: its CPU part, then its wait; returns (pid, CPU seconds).
    def item(_):
        c = time.thread_time()
        spin(n)
        c = time.thread_time() - c
        time.sleep(wait_s)
        return os.getpid(), c

    def run(mode, workers, go, note):
        emit(event="run_started", mode=mode)
        t = time.perf_counter()
        done = go()
        wall = time.perf_counter() - t
        cpu = sum(c for _, c in done)
        emit(event="run", mode=mode, workers=workers, wall_ms=wall * 1e3,
             cpu_ms=cpu * 1e3, pids=[os.getpid()], note=note(cpu))

    run("python-sequential", 1, lambda: [item(i) for i in range(items)],
        lambda cpu: "%d items of %.1f ms sleeping + %.2f ms CPU (measured on "
                    "the thread's clock)" % (items, wait_s * 1e3, cpu / items * 1e3))
    for threads in counts:
        with cf.ThreadPoolExecutor(max_workers=threads) as ex:
            run("python-threading", threads,
                lambda: list(ex.map(item, range(items))),
                lambda cpu: "m = %d, CPython threads" % max(1, threads // cores))


main()
