// Invalid setting values, told once per distinct set: each as a warning line in the log, all together in one
// notification. A restart with the same problems repeats nothing; fixing one and breaking another tells again.
// Only src/vscode/** and src/extension.ts import vscode.
import type { Announcer } from './announcements';
import type { RequestLog } from './requestLog';

export class ProblemReport {
  private reported = '[]';

  constructor(private readonly log: RequestLog, private readonly announce: Announcer) {}

  report(problems: string[]): void {
    const key = JSON.stringify(problems);
    if (key === this.reported) {
      return;
    }
    this.reported = key;
    for (const problem of problems) {
      this.log.line('warning', problem);
    }
    if (problems.length > 0) {
      this.announce.settingProblems(problems);
    }
  }
}
