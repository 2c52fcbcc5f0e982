// Preloaded into a child ssj (node --import) by the tests: prints the process's peak resident memory on exit,
// on stderr, as "SSJ_TEST_MAXRSS <kilobytes>" — the child's own measure, the same on every platform.
process.on('exit', () => {
  process.stderr.write(`\nSSJ_TEST_MAXRSS ${process.resourceUsage().maxRSS}\n`);
});
