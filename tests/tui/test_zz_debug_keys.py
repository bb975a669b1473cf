import random, time, faulthandler, sys
from tests.tui.conftest import wait_ready
from tests.tui.test_random_keys import LOOKING_KEYS

async def test_debug(make_app, demo_path):
    rng = random.Random(3)
    app = make_app("head")
    faulthandler.dump_traceback_later(600, exit=True, file=sys.stderr)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        t = time.monotonic()
        for step in range(600):
            key = rng.choice(LOOKING_KEYS)
            t0 = time.monotonic()
            await pilot.press(key)
            dt = time.monotonic() - t0
            if dt > 0.5:
                print(f"step {step} key {key} took {dt:.2f}s screen={type(app.screen).__name__} mode={app.current_mode} stack={[type(s).__name__ for s in app.screen_stack]}", file=sys.stderr)
            if step % 100 == 0:
                print(f"step {step} {time.monotonic()-t:.1f}s screen={type(app.screen).__name__}", file=sys.stderr)
                await pilot.pause(0.05)
        await app.workers.wait_for_complete()
