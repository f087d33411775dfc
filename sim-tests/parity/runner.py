"""The CPython side of the differential test: programs run on asyncio's own event loop.

Reads programs, one JSON object a line (see program.rs), and writes for each one line: the
JSON list of its log entries, [virtual ms, label]. The first line written is a header,
{"python": "<version>"}.

The loop is asyncio's BaseEventLoop, unchanged, with a virtual clock: time() returns a
counter of virtual milliseconds (so every deadline is an exact float), and the selector,
asked to wait for `timeout`, adds it to the counter and returns at once. The loop asks with
timeout 0 when callbacks are ready and with the delay to the earliest timer otherwise, so
the clock moves only when nothing is ready, straight to the next timer; a wait with no
timer at all (timeout None) is a deadlock. Everything else, the ready queue, the timer heap,
tasks, futures and the asyncio functions and classes, is CPython's.
"""

import asyncio
import asyncio.base_events
import asyncio.events
import itertools
import json
import selectors
import sys


class Deadlock(Exception):
    """Nothing is ready and no timer is pending, while the main task waits."""


class VirtualSelector(selectors.BaseSelector):
    """A selector with no I/O: waiting advances the loop's virtual clock."""

    def __init__(self, loop):
        self._loop = loop

    def register(self, fileobj, events, data=None):
        raise NotImplementedError("the simulated programs do no I/O")

    def unregister(self, fileobj):
        raise NotImplementedError("the simulated programs do no I/O")

    def select(self, timeout=None):
        if timeout is None:
            raise Deadlock()
        self._loop.now += timeout
        return []

    def get_map(self):
        return {}

    def close(self):
        pass


class VirtualLoop(asyncio.base_events.BaseEventLoop):
    def __init__(self):
        super().__init__()
        self.now = 0.0
        self._selector = VirtualSelector(self)

    def time(self):
        return self.now

    def _process_events(self, event_list):
        pass

    def _write_to_self(self):
        pass


class Task(asyncio.Task):
    """A task hashed by its creation number rather than its address.

    asyncio keeps tasks in sets (TaskGroup._tasks, wait's and as_completed's arguments) and
    walks them, TaskGroup._abort cancelling each in set order; with address hashes that order
    could change from one process to the next. Any set order is CPython's; this one is the
    same in every run of the program, wherever it comes in a batch (run() restarts the count).
    """

    _created = itertools.count()

    def __init__(self, *args, **kwargs):
        self._number = next(Task._created)  # first: registering the task hashes it
        super().__init__(*args, **kwargs)

    def __hash__(self):
        return self._number


def task_factory(loop, coro, **kwargs):
    return Task(coro, loop=loop, **kwargs)


WHEN = {
    "FIRST_COMPLETED": asyncio.FIRST_COMPLETED,
    "FIRST_EXCEPTION": asyncio.FIRST_EXCEPTION,
    "ALL_COMPLETED": asyncio.ALL_COMPLETED,
}


def names(ks):
    return "[" + ", ".join(f"t{k}" for k in ks) + "]"


class Program:
    def __init__(self, spec, loop):
        self.spec = spec
        self.loop = loop
        self.log = []
        self.ended = False
        self.tasks = [None] * len(spec["tasks"])
        self.events = [asyncio.Event() for _ in range(spec["events"])]
        self.locks = [asyncio.Lock() for _ in range(spec["locks"])]
        self.sems = [asyncio.Semaphore(n) for n in spec["sems"]]
        self.queues = [asyncio.Queue(n) for n in spec["queues"]]

    def say(self, label):
        if not self.ended:
            self.log.append([int(self.loop.time()), label])

    async def main(self):
        await self.block(0, self.spec["tasks"][0])
        self.say("end")
        self.ended = True

    async def body(self, k):
        await self.block(k, self.spec["tasks"][k])
        return k

    def spawn(self, k):
        self.tasks[k] = self.loop.create_task(self.body(k))
        return self.tasks[k]

    async def block(self, t, stmts):
        for stmt in stmts:
            await self.stmt(t, stmt)

    @staticmethod
    async def outcome(awaitable):
        try:
            return f"ok {await awaitable}"
        except asyncio.CancelledError:
            if asyncio.current_task().cancelling():
                raise  # our own cancellation, not the awaited task's
            return "cancelled"
        except ValueError as e:
            return f"error {e}"

    @staticmethod
    def settled(result):
        if isinstance(result, asyncio.CancelledError):
            return "cancelled"
        if isinstance(result, ValueError):
            return f"error {result}"
        return f"ok {result}"

    async def stmt(self, t, s):
        op = s["op"]
        if op == "print":
            self.say(f"t{t} p{s['id']}")
        elif op == "sleep":
            await asyncio.sleep(s["ms"])
        elif op == "spawn":
            self.spawn(s["task"])
        elif op in ("await", "shield"):
            k = s["task"]
            task = self.tasks[k]
            if task is None:
                self.say(f"t{t} {op} t{k}: unstarted")
                return
            awaitable = task if op == "await" else asyncio.shield(task)
            self.say(f"t{t} {op} t{k}: {await self.outcome(awaitable)}")
        elif op == "cancel":
            task = self.tasks[s["task"]]
            if task is not None:
                task.cancel()
        elif op == "wait_for":
            k = s["task"]
            target = self.body(k) if s["create"] else self.tasks[k]
            if target is None:
                self.say(f"t{t} wait_for t{k}: unstarted")
                return
            try:
                text = await self.outcome(asyncio.wait_for(target, s["ms"]))
            except TimeoutError:
                text = "timeout"
            self.say(f"t{t} wait_for t{k}: {text}")
        elif op == "timeout":
            try:
                async with asyncio.timeout(s["ms"]):
                    await self.block(t, s["body"])
                text = "done"
            except TimeoutError:
                text = "expired"
            self.say(f"t{t} timeout{s['id']}: {text}")
        elif op == "gather":
            coros = [self.body(k) for k in s["tasks"]]
            results = await asyncio.gather(*coros, return_exceptions=s["settled"])
            texts = [self.settled(r) for r in results]
            self.say(f"t{t} gather: [{', '.join(texts)}]")
        elif op == "event_set":
            self.events[s["event"]].set()
        elif op == "event_clear":
            self.events[s["event"]].clear()
        elif op == "event_wait":
            await self.events[s["event"]].wait()
        elif op == "lock":
            async with self.locks[s["lock"]]:
                await self.block(t, s["body"])
        elif op == "sem":
            async with self.sems[s["sem"]]:
                await self.block(t, s["body"])
        elif op == "put":
            await self.queues[s["queue"]].put(s["item"])
        elif op == "get":
            item = await self.queues[s["queue"]].get()
            self.say(f"t{t} got {item}")
        elif op == "wait":
            ks = s["tasks"]
            tasks = [self.spawn(k) for k in ks]
            done, _ = await asyncio.wait(tasks, timeout=s["ms"], return_when=WHEN[s["when"]])
            finished = sorted(k for k, task in zip(ks, tasks) if task in done)
            pending = [k for k in ks if k not in finished]
            self.say(f"t{t} wait: done {names(finished)} pending {names(pending)}")
        elif op == "as_completed":
            tasks = [self.spawn(k) for k in s["tasks"]]
            for f in asyncio.as_completed(tasks):
                self.say(f"t{t} as_completed: {await self.outcome(f)}")
        elif op == "task_group":
            try:
                async with asyncio.TaskGroup() as tg:
                    for k in s["tasks"]:
                        tg.create_task(self.body(k))
                text = "ok"
            except BaseExceptionGroup as group:
                text = f"error {group.exceptions[0]}"
            self.say(f"t{t} task_group: {text}")
        elif op == "raise":
            raise ValueError(f"t{t}")
        else:
            raise AssertionError(f"unknown statement {op!r}")


def run(spec):
    Task._created = itertools.count()
    loop = VirtualLoop()
    loop.set_exception_handler(lambda loop, context: None)
    loop.set_task_factory(task_factory)
    program = Program(spec, loop)
    main = loop.create_task(program.main())
    try:
        loop.run_until_complete(main)
    except Deadlock:
        program.say("deadlock")
    except BaseException as e:  # a bug of the runner: shows in the log
        program.say(f"failure {type(e).__name__}: {e}")
    program.ended = True
    # Like asyncio.run: cancel what is left and let it finish, so nothing is left for the
    # garbage collector to report.
    rest = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in rest:
        task.cancel()
    if rest:
        try:
            loop.run_until_complete(asyncio.gather(*rest, return_exceptions=True))
        except Deadlock:
            pass
    loop.close()
    return program.log


def stable_timers():
    """--stable-timers: timers due at the same instant fire in creation order.

    CPython's timer heap is a heapq of TimerHandles compared by deadline alone, so equal
    deadlines come out in whatever order the heap's sifting leaves them, which is creation
    order only while the heap is small. This switch breaks ties by creation, as the default
    order of simloop's other strategies does (Fifo models the heap): what it changes is what
    the heap order alone explains.
    """
    counter = itertools.count()

    class StableTimerHandle(asyncio.events.TimerHandle):
        __slots__ = ("_seq",)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._seq = next(counter)

        def __lt__(self, other):
            return (self._when, self._seq) < (other._when, other._seq)

    asyncio.events.TimerHandle = StableTimerHandle


def main():
    if "--stable-timers" in sys.argv[1:]:
        stable_timers()
    out = sys.stdout
    out.write(json.dumps({"python": sys.version.split()[0]}) + "\n")
    out.flush()
    while True:
        line = sys.stdin.readline()
        if not line:
            break
        if line.strip():
            out.write(json.dumps(run(json.loads(line))) + "\n")
            out.flush()


if __name__ == "__main__":
    main()
