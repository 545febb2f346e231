// Test-only preload, loaded right after early-signals.mjs: it tells the test that the signal
// preload is in place, so "while Node and tsx still load" means after it and before the app,
// however slow the machine is (a fixed sleep could signal a Node that had not run it yet).
process.stderr.write("test: early-signals preloaded\n");
