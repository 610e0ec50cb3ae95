// Strings of the city console (English). Keys are shared with ../zh-CN/city.ts.
export default {
  title: 'City service supervision',
  logout: 'Sign out',
  login: { title: 'City supervision · Sign in', workNo: 'Staff no.', password: 'Password', submit: 'Sign in', workNoRequired: 'Enter your staff number', passwordRequired: 'Enter your password' },
  tabs: { halls: 'Halls', kpis: 'KPIs & ranking', supervision: 'Supervision', catalogue: 'Catalogue' },
  halls: {
    code: 'Org. code', name: 'Hall', status: 'Status', lastUplink: 'Last uplink', backlog: 'Backlog', skew: 'Clock skew', accepted: 'Accepted', rejected: 'Rejected',
    catalogue: 'Catalogue', drill: 'KPIs', notEnrolled: 'Not enrolled', never: 'No uplink yet', stale: 'Silent > 5 min', catchingUp: 'Catching up', online: 'Online',
    skewSec: '{{s}} s', rejectionsOf: '{{hall}} · rejected records', kind: 'Kind', message: 'Reason', at: 'Time',
  },
  kpi: {
    from: 'From', to: 'To', wholeCity: 'Whole city', refresh: 'Refresh', exportXlsx: 'Export Excel', ranking: 'Hall ranking', rank: 'Rank',
    cases: 'Cases', completed: 'Completed', onTimeRate: 'On-time rate', ratings: 'Ratings', goodRate: 'Good rate', badCount: 'Bad ratings', followUpOnTimeRate: 'Follow-up on time',
    tickets: 'Tickets', avgWaitMinutes: 'Avg wait (min)', p90WaitMinutes: 'P90 wait (min)', noShowRate: 'No-show rate',
  },
  sup: {
    overdue: 'Overdue', dueSoon: 'Due soon', none: 'None', mark: 'Mark', overdueDays: '{{n}} working days over', dueToday: 'Due today', daysLeft: '{{n}} working days left',
    caseNo: 'Case no.', item: 'Item', department: 'Department', applicant: 'Applicant', acceptedOn: 'Accepted', dueDate: 'Due',
    followUps: 'Overdue bad-rating follow-ups', noFollowUps: 'No overdue follow-ups', openedOn: 'Rated on', status: 'Status',
    fu: { open: 'In progress', appealed: 'Under appeal', closed: 'Closed', invalidated: 'Invalidated' },
  },
  cat: {
    version: 'Version {{v}}', publishedAt: 'published {{at}}', add: 'Add item', publish: 'Publish new version', discard: 'Discard changes', published: 'Version {{v}} published; halls pick it up with their next uplink',
    code: 'Basic code', name: 'Item name', category: 'Queue category', department: 'Department', promisedDays: 'Promised (working days)', legalDays: 'Legal limit',
    remove: 'Remove', removeConfirm: 'Remove this item from the catalogue?', required: 'Required', duplicate: 'This code already exists', ok: 'Add to draft',
  },
  uplink: {
    title: 'City central', off: 'Not connected', enrolling: 'Enrolling', pushing: 'Uploading', idle: 'In sync', backoff: 'Link down, retrying', error: 'Enrollment failed',
    backlog: '{{n}} waiting', lastPush: 'last upload {{at}}', catalogue: 'catalogue v{{v}}', rejected: '{{n}} rejected',
  },
};
