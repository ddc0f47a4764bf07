# spawn-cost: what CPython pays to create a coroutine, an asyncio task, a
# thread and a process (fork and spawn). argv: budget_ms
import asyncio, gc, tracemalloc


async def noop():
    pass


def per_item(mode, n, make, kib=None, extra=""):
    emit(event="run_started", mode=mode)
    t = time.perf_counter()
    c = time.process_time()
    pids = make(n)
    wall = time.perf_counter() - t
    us = wall * 1e6 / n
    emit(event="figure", name=mode + " µs", value=us)
    note = "%d created: %.2f µs each" % (n, us)
    if kib is not None:
        note += ", about %.0f B each" % (kib * 1024.0)
    emit(event="run", mode=mode, workers=n, wall_ms=wall * 1e3,
         cpu_ms=(time.process_time() - c) * 1e3, pids=pids or [os.getpid()],
         note=note + extra)
    return us


def size_kib(make):
    # Memory per object, by tracemalloc over 1,000 of them.
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    keep = make(1000)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    for k in keep:
        if hasattr(k, "close"):
            k.close()
        elif hasattr(k, "cancel"):
            k.cancel()
    del keep
    return (after - before) / 1000.0 / 1024.0


def coroutines(n):
    cs = [noop() for _ in range(n)]
    for c in cs:
        c.close()


def coroutines_kept(n):
    cs = [noop() for _ in range(n)]
    return cs


def tasks(n):
    # Time create_task only, inside a running loop; then let them finish.
    out = {}
    async def main():
        t = time.perf_counter()
        ts = [asyncio.create_task(noop()) for _ in range(n)]
        out["create"] = time.perf_counter() - t
        await asyncio.gather(*ts)
    asyncio.run(main())
    return out["create"]


def threads(n):
    ts = []
    for _ in range(n):
        th = threading.Thread(target=int)
        th.start()
        ts.append(th)
    for th in ts:
        th.join()


def processes(method, n):
    import multiprocessing as mp
    ctx = mp.get_context(method)
    pids = []
    for _ in range(n):
        p = ctx.Process(target=os.getpid)
        p.start()
        pids.append(p.pid)
        p.join()
    return pids


def main():
    budget = float(sys.argv[1]) / 1000.0
    python_info()
    n = 20000 if budget >= 1.0 else 2000
    coro_kib = size_kib(coroutines_kept)
    coro = per_item("python-coroutine", n, lambda k: coroutines(k), coro_kib)
    # create_task alone, timed inside the loop.
    emit(event="run_started", mode="python-task")
    create = tasks(n)
    async def sized():
        return size_kib(lambda k: [asyncio.create_task(noop()) for _ in range(k)])
    task_kib = asyncio.run(sized())
    task_us = create * 1e6 / n
    emit(event="figure", name="python-task µs", value=task_us)
    emit(event="run", mode="python-task", workers=n, wall_ms=create * 1e3,
         pids=[os.getpid()],
         note="%d asyncio.create_task: %.2f µs each, about %.0f B each (a coroutine alone: %.2f µs)"
         % (n, task_us, task_kib * 1024.0, coro))
    th = per_item("python-thread", max(50, n // 100), threads,
                  extra=" (started and joined)")
    fork = per_item("python-fork", 10 if budget >= 1.0 else 4,
                    lambda k: processes("fork", k), extra=" (started and joined)")
    spawn = per_item("python-spawn", 3 if budget >= 1.0 else 1,
                     lambda k: processes("spawn", k),
                     extra=" (a fresh interpreter each, started and joined)")
    emit(event="figure", name="python thread / task", value=th / max(task_us, 1e-9))
    emit(event="figure", name="python fork / thread", value=fork / max(th, 1e-9))
    emit(event="figure", name="python spawn / fork", value=spawn / max(fork, 1e-9))


if __name__ == "__main__":
    main()
