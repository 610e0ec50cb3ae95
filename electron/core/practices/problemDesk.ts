// 「办不成事」 at the counter (issue 16): the clerk at the hall's 办不成事 window records a problem
// on the hall (online only — the problem number and the ledger are the hall's) and the citizen's
// 反映回执 prints on this counter's own printer, through the print queue like every receipt (kept
// and retried when the printer is out). When the hall printed it itself (a printer registered for
// this window on the hall), the counter does not print a second one.
import type { HallClient } from '../../../domain/api/hallClient';
import { CodedError } from '../../../domain/api/errors';
import type { CounterProblemInput, CounterProblemRecorded } from '../../../domain/contract/core';
import { problemSlipFor } from '../../../native/printer/slips';
import type { PrintService } from '../receipts/printService';
import { getMeta, setMeta, type Db } from '../db';

const DESK = 'problems.desk';

export class ProblemDesk {
  constructor(
    private readonly db: Db,
    private readonly hall: HallClient,
    private readonly print: PrintService,
    private readonly windowNo: number,
    private readonly hallOf: () => { name: string; zone: string },
  ) {}

  /** Is this window a 办不成事 window? Asked of the hall; offline, the last answer it gave. */
  async isDesk(): Promise<{ problemDesk: boolean; windowNo: number }> {
    try {
      const { windows } = await this.hall.call('problems.desks', {});
      setMeta(this.db, DESK, windows.includes(this.windowNo) ? '1' : '0');
    } catch {
      /* offline or signed out: the cached answer */
    }
    return { problemDesk: getMeta(this.db, DESK) === '1', windowNo: this.windowNo };
  }

  async record(input: CounterProblemInput): Promise<CounterProblemRecorded> {
    if (!this.hall.token) throw new CodedError('NOT_SIGNED_IN', '请先登录', 401);
    let r;
    try {
      r = await this.hall.call('problems.record', { body: { ...input, windowNo: this.windowNo } });
    } catch (err) {
      if ((err as CodedError).code === 'HALL_UNREACHABLE')
        throw new CodedError('PROBLEM_OFFLINE', '未连接大厅服务器，问题登记需联网；请先纸质登记，联网后补录（可填写实际反映日期）', 503);
      throw err;
    }
    const { problem } = r;
    if (r.slip.printed) return { problem, slipLines: r.slip.lines, print: null, printedByHall: true };
    const doc = problemSlipFor(problem, this.hallOf());
    // Only the number goes into the job's stored data: the slip's bytes are sealed at rest by the queue.
    const print = this.print.printDoc('problem-slip', '「办不成事」反映回执', doc, { problemNo: problem.no });
    return { problem, slipLines: r.slip.lines, print, printedByHall: false };
  }
}
