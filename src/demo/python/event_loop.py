# event-loop: asyncio against one thread per wait. argv: waits, lo_ms, hi_ms
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
        out["kib"] = delta(before, rss_kib())
        await asyncio.gather(*ts)
        out["late"] = late
    t = time.perf_counter()
    asyncio.run(main())
    report("python-asyncio", n, n, out["create"], out["late"], time.perf_counter() - t, out["kib"])


def with_threads(n, lo, hi):
    emit(event="run_started", mode="python-thread-per-wait")
    late, ts = [], []
    lk = threading.Lock()
    t0 = time.monotonic()
    def one(d):
        time.sleep(max(t0 + d - time.monotonic(), 0))
        with lk:
            late.append(max(time.monotonic() - (t0 + d), 0.0))
    before = rss_kib()
    t = time.perf_counter()
    extra = ""
    for d in deadlines(n, lo, hi):
        th = threading.Thread(target=one, args=(d,))
        try:
            th.start()
        except RuntimeError as e:
            extra = " (no more threads: %s)" % e
            break
        ts.append(th)
    create = time.perf_counter() - t
    kib = delta(before, rss_kib())
    for th in ts:
        th.join()
    report("python-thread-per-wait", n, len(ts), create, late,
           time.monotonic() - t0, kib, extra)


def main():
    n, lo, hi = int(sys.argv[1]), float(sys.argv[2]) / 1e3, float(sys.argv[3]) / 1e3
    python_info()
    with_asyncio(n, lo, hi)
    with_threads(n, lo, hi)


main()
