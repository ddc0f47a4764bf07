# event-loop: asyncio against one thread per wait. argv: waits, lo_ms, hi_ms,
# cap_ms (the longest the threads' creation may take: they stop there)
import asyncio, random


def rss_kib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return float(line.split()[1])
    except OSError:
        pass
    return None


def delta(a, b):
    return None if a is None or b is None else max(b - a, 0.0)


def deadlines(n, lo, hi):
    rnd = random.Random(7)
    return [lo + (hi - lo) * rnd.random() for _ in range(n)]


def report(mode, n, made, create_s, late, wall, kib, extra=""):
    late = sorted(late) or [0.0]
    mean = sum(late) / len(late) * 1e3
    emit(event="figure", name=mode + " late ms", value=mean)
    emit(event="figure", name=mode + " create ms", value=create_s * 1e3)
    emit(event="figure", name=mode + " create us per wait", value=create_s * 1e6 / max(made, 1))
    if kib is not None:
        emit(event="figure", name=mode + " kib per wait", value=kib / max(made, 1))
    note = "%d of %d waits: created in %.0f ms, woke %.1f ms late on average (max %.0f ms)" % (
        made, n, create_s * 1e3, mean, late[-1] * 1e3)
    if kib is not None:
        note += ", +%.1f MiB resident" % (kib / 1024.0)
    emit(event="run", mode=mode, workers=made, wall_ms=wall * 1e3,
         pids=[os.getpid()], resident_kib=kib, note=note + extra)


def with_asyncio(n, lo, hi):
    emit(event="run_started", mode="python-asyncio")
    out = {}
    async def main():
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        late = []
        async def one(d):
            await asyncio.sleep(max(t0 + d - loop.time(), 0))
            late.append(max(loop.time() - (t0 + d), 0.0))
        before = rss_kib()
        t = time.perf_counter()
        ts = [asyncio.create_task(one(d)) for d in deadlines(n, lo, hi)]
        out["create"] = time.perf_counter() - t
        # Every task run to its first await: all of them waiting at once.
        await asyncio.sleep(0)
        out["kib"] = delta(before, rss_kib())
        await asyncio.gather(*ts)
        out["late"] = late
    t = time.perf_counter()
    asyncio.run(main())
    report("python-asyncio", n, n, out["create"], out["late"], time.perf_counter() - t, out["kib"])


def with_threads(n, lo, hi, cap):
    # Every thread starts, says it is alive and waits at a gate until all
    # exist (creating 10,000 can outlast the waits: without the gate the
    # first would end before the last began); the memory is measured then,
    # with all of them alive; the waits count from the gate's opening.
    emit(event="run_started", mode="python-thread-per-wait")
    late, ts = [], []
    lk = threading.Lock()
    alive = threading.Semaphore(0)
    gate = threading.Event()
    opened = []
    def one(d):
        alive.release()
        gate.wait()
        t0 = opened[0]
        time.sleep(max(t0 + d - time.monotonic(), 0))
        with lk:
            late.append(max(time.monotonic() - (t0 + d), 0.0))
    before = rss_kib()
    t = time.perf_counter()
    extra = ""
    for d in deadlines(n, lo, hi):
        if time.perf_counter() - t > cap:
            extra = " (creation stopped at the time budget)"
            break
        th = threading.Thread(target=one, args=(d,))
        try:
            th.start()
        except RuntimeError as e:
            extra = " (no more threads: %s)" % e
            break
        ts.append(th)
    for _ in ts:
        alive.acquire()
    create = time.perf_counter() - t
    kib = delta(before, rss_kib())
    opened.append(time.monotonic())
    gate.set()
    for th in ts:
        th.join()
    report("python-thread-per-wait", n, len(ts), create, late,
           time.perf_counter() - t, kib, ", all alive at once before their waits began" + extra)


def main():
    n, lo, hi = int(sys.argv[1]), float(sys.argv[2]) / 1e3, float(sys.argv[3]) / 1e3
    cap = float(sys.argv[4]) / 1e3
    python_info()
    with_asyncio(n, lo, hi)
    with_threads(n, lo, hi, cap)


main()
