// Strings of the manager role (English).
export default {
  title: 'Hall management',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  logout: 'Sign out',
  login: { title: 'Hall management · Sign in', workNo: 'Staff no.', password: 'Password', submit: 'Sign in', workNoRequired: 'Enter your staff number', passwordRequired: 'Enter your password', notManager: 'This account is not a hall manager' },
  tabs: { board: 'Live board', assign: 'Assignments', rules: 'Ordering rules', stats: 'Statistics', cases: 'Case deadlines', follow: 'Bad-rating follow-up', admin: 'Reference data' },
  status: { open: 'Free', serving: 'Serving', paused: 'Paused', closed: 'Closed' },
  priority: { normal: 'Normal', elderly: 'Elderly', disabled: 'Disabled', pregnant: 'Pregnant', vip: 'Priority', appointment: 'Appointment' },
  board: {
    suspended: 'Suspended {{number}} {{reason}}',
    suspendedAt: 'suspended at {{time}}',
    waiting: 'Waiting', longestWait: 'Longest wait', openMore: 'Someone has waited over 30 minutes: consider opening a window', noClerk: 'Unstaffed', called: 'Called', serving: 'Serving',
    weight: 'Weight {{w}}', syncTitle: 'Counter sync', syncEmpty: 'No counter has pushed yet', device: 'Device', lastPush: 'Last push', accepted: 'Accepted', rejected: 'Rejected', clock: 'Clock',
    skewed: 'Off by {{s}} s', clockOk: 'OK', deviceHealth: 'Devices', dev: { idReader: 'Reader', printer: 'Printer', evaluator: 'Pad', led: 'LED' }, devState: { ok: 'OK', offline: 'Offline', error: 'Fault', absent: 'Not fitted' }, notReported: 'No report', notReportedTip: 'No device report from this counter for over 2 minutes', syncOf: 'Sync', syncOk: 'Sync OK', syncRejected: '{{n}} rejected',
  },
  actions: {
    open: 'Open', pause: 'Pause', resume: 'Resume', close: 'Close', takeover: 'Backup takeover', pauseTitle: 'Pause window {{no}}', pauseReason: 'Reason', takeoverTitle: 'Backup takes over window {{no}}', takeoverWorkNo: 'Backup staff no.',
  },
  assign: { hint: 'Drag a category onto a window (or from one window to another); the number is the weight:', waiting: '{{n}} wait', window: '', empty: 'No categories (drop one here)', weight: 'Weight', remove: 'Remove' },
  rules: {
    title: 'Ordering rules (version {{v}})', ratio: 'Priority : normal', urgentAfter: 'Urgent after', minutes: 'min', seconds: 's', elderlyAge: 'Green-channel age', recallLimit: 'Recall limit',
    recallCooldown: 'Recall cooldown', appointmentEarly: 'Appointment early', classWeight: '{{c}} weight', save: 'Save as new version', reset: 'Discard', saved: 'Version {{v}} saved; applies from the next call',
    previewFor: 'Preview window', draftNext: 'Next under the draft', serverNext: 'Next under version {{v}}', none: 'Nobody waiting', approx: 'The draft preview orders by issue time and starts the ratio cycle; after saving, the server explanation on the right is authoritative.',
    ticket: 'Ticket', category: 'Category', priority: 'Class', waited: 'Waited (min)', score: 'Score',
  },
  stats: {
    from: 'From', to: 'To', refresh: 'Refresh', exportCsv: 'Export CSV', exportXlsx: 'Export Excel', by: { hour: 'By hour', category: 'By category', window: 'By window', clerk: 'By clerk' },
    cases: 'Cases', onTime: 'On-time rate', goodRate: 'Good ratings', badCount: 'Bad ratings', issued: 'Issued', served: 'Served', noShow: 'No-shows', noShowRate: 'No-show rate', waitMean: 'Mean wait (min)',
    waitP90: 'Wait P90 (min)', serviceMean: 'Mean service (min)', above: 'Above service level', minutes: 'min', volume: 'Tickets', times: 'Waiting and service time', ratingMix: 'Ratings', noRatings: 'No ratings yet',
  },
  cases: {
    reveal: 'Show full details', revealTitle: 'Applicant\'s full details', revealReason: 'Reason (required; who, when and why are recorded)', revealOk: 'Show', revealCancel: 'Close', revealNote: 'This viewing has been recorded',
    revealName: 'Name', revealId: 'ID number', revealPhone: 'Phone',
    overdue: 'Overdue', dueSoon: 'Due soon', open: 'All open', empty: 'No cases', caseNo: 'Case no.', item: 'Item', applicant: 'Applicant', window: 'Window', status: 'Status', due: 'Due',
    deadline: 'Deadline', overdueDays: '{{n}} working days late', daysLeft: '{{n}} working days left', state: { stopped: 'Clock stopped', completed: 'Completed', notAccepted: 'Not accepted', closed: 'Closed', dueToday: 'Due today' },
  },
  follow: {
    closure: 'Closure rate', realName: 'Real-name closed', onTime: 'Closed on time', invalidated: 'Overturned', all: 'All', empty: 'No bad ratings', rated: 'Rated', level: 'Level', clerk: 'Clerk', reasons: 'Reasons',
    doneOn: 'done {{d}}', dueOn: 'by {{d}}', late: '{{n}} d late', status: 'Status', record: 'Record {{stage}}', appeal: 'Appeal', review: 'Review', submit: 'Submit', reached: 'Rater reached',
    upheld: 'Uphold', overturned: 'Overturn', appealReason: 'Reason for the appeal', notePlaceholder: 'What was done',
    configTitle: 'Deadlines (working days)', workingDays: 'working days', fromOpened: 'All from the rating date', fromPrevious: 'From the previous stage', saveConfig: 'Save', configNote: 'Counted in statutory working days; applies to new bad ratings.',
  },
  admin: {
    tabs: { staff: 'Staff', categories: 'Categories', windows: 'Windows', hall: 'Hall' },
    actions: 'Actions', edit: 'Edit', save: 'Save', cancel: 'Cancel', saved: 'Saved', yes: 'Yes', no: 'No', minutes: 'min',
    staff: {
      add: 'Add staff member', edit: 'Edit staff member {{w}}', hint: 'Add, edit or deactivate accounts; deactivation ends their sessions at once. No password data is listed.', created: 'Added {{w}}; they can sign in with the initial password',
      workNo: 'Staff no.', name: 'Name', role: 'Role', roles: { clerk: 'Window clerk', manager: 'Hall manager' }, stars: 'Stars', homeWindow: 'Home window', noWindow: 'No home window',
      backup: 'Backup (AB role)', noBackup: 'None', backupHint: 'A colleague who may take over the window; must be active', status: 'Status', active: 'Active', inactive: 'Deactivated',
      initialPassword: 'Initial password (8+ characters, letters and digits)', newPassword: 'New password (8+ characters, letters and digits)', resetPassword: 'Reset password', resetTitle: 'Reset the password of {{w}}', resetHint: 'All their sessions end at once; they sign in again with the new password',
      resetDone: 'Password of {{w}} reset', deactivate: 'Deactivate', activate: 'Activate', deactivateConfirm: 'Deactivate {{w}}? Their sessions end and they leave their window.', deactivated: '{{w}} deactivated',
      notSelf: 'You cannot deactivate or demote yourself',
    },
    categories: {
      add: 'Add category', edit: 'Edit category {{c}}', created: 'Category {{c}} added', code: 'Code', codeHint: '1–4 capital letters or digits; cannot change later', name: 'Name', prefix: 'Ticket prefix',
      dailyReset: 'Reset numbers daily', dailyResetHint: 'When off, numbers run on across days and wrap at the end of the range', range: 'Number range', rangeStart: 'Range start', rangeEnd: 'Range end', width: 'Digits',
      sample: 'Sample number: {{n}}', serviceLevel: 'Service level (max wait)', avgService: 'Average service time', sort: 'Order', windows: 'Windows', retired: 'Retired (no window)',
      retireHint: 'Categories cannot be deleted: remove one from every window under Assignments to retire it. A new prefix applies from the next ticket.',
    },
    windows: {
      add: 'Add window', edit: 'Edit window {{no}}', created: 'Window {{no}} added', no: 'Window no.', name: 'Name', status: 'Status', categories: 'Categories (weight)', none: 'No categories',
      hint: 'A new window starts closed; assign categories to it under Assignments.',
    },
    hall: {
      name: 'Hall name', nameHint: 'Shown on the hall display, the kiosk and tickets', notice: 'Display notice', noticeHint: 'Scrolls along the bottom of the hall display; leave empty to take it down',
      hint: 'Displays and kiosks update as soon as it is saved.', saved: 'Hall name and notice saved',
    },
  },
  devices: {
    tab: 'Devices', title: 'Enrolled devices', hint: 'A device trades a one-time code for its own token. Revoking ends its token at once and closes its open connections; it must enroll again with a new code.',
    window: 'Window', windowN: 'Window {{n}}', replace: 'Replace PC', replaceConfirm: 'Replace the PC of counter "{{name}}"? The old PC\'s token stops working at once; the new PC, enrolled with the new code, continues its sync log and sequence.', replacedDone: '"{{name}}" revoked; the new PC continues after sequence {{seq}}',
    name: 'Name', kind: 'Kind', enrolledAt: 'Enrolled', lastSeen: 'Last report', lastSeenTip: 'When the counter last reported its devices (other devices do not report)', status: 'Status', active: 'Active', revoked: 'Revoked',
    empty: 'No devices enrolled', revoke: 'Revoke', cancel: 'Cancel', revokeConfirm: 'Revoke device “{{name}}”? Its token stops working at once; it must enroll again with a new code.', revokedDone: 'Revoked “{{name}}”',
    kinds: { any: 'Any kind', counter: 'Counter', kiosk: 'Kiosk', display: 'Hall display', pad: 'Evaluation pad' },
    code: {
      window: 'Window', windowPlaceholder: 'Window no.', windowNeeded: 'Counter and pad codes need a window', forWindow: 'Window {{n}}',
      replaceHandOver: 'Enroll the new PC with this code (replaces "{{name}}"); it works once.',
      title: 'Create a one-time enrollment code', kind: 'Device kind', ttl: 'Valid for', minutes: 'minutes', create: 'Create code', shown: 'Enrollment code (shown only once)', forKind: 'Kind: {{kind}}',
      expires: 'Valid until {{t}}', handOver: 'Enter this code on the device’s enrollment page; it works once and expires unused.', close: 'Noted',
    },
  },
};
