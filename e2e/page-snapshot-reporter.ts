import { readFileSync } from "node:fs";

import type { Reporter, TestCase, TestResult } from "@playwright/test/reporter";

/**
 * CI's log is all a failed run leaves behind (its test-results folder goes with the clone), so a
 * failed test's page, as Playwright captured it when the test failed (the accessibility snapshot in
 * error-context.md), is printed after the error: what the page showed at that moment is most of
 * what a flaky wait needs to be understood. Long snapshots are cut to their first 200 lines.
 */
export default class PageSnapshotReporter implements Reporter {
  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status === "passed" || result.status === "skipped") return;
    const context = result.attachments.find((a) => a.name === "error-context" && a.path);
    if (!context?.path) return;
    let text: string;
    try {
      text = readFileSync(context.path, "utf8");
    } catch {
      return;
    }
    // The page's snapshot is a YAML block: under "# Page snapshot", or in the error's own details when
    // the failed matcher took it.
    const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!.trimEnd());
    if (blocks.length === 0) return;
    const lines = blocks.join("\n").split("\n");
    const shown = lines.length > 200 ? [...lines.slice(0, 200), `… ${lines.length - 200} more lines`] : lines;
    process.stdout.write(
      `\n${test.titlePath().slice(1).join(" › ")}: the page when it failed\n${shown.join("\n")}\n\n`,
    );
  }

  printsToStdio() {
    return false;
  }
}
