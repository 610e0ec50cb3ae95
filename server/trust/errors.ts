// Rejections of the trust rules (device identity, ratings, personal data): a stable code, a
// Chinese message, an HTTP status. Kept beside server/errors.ts so the two grow independently.
import { CodedError } from '../../domain/api/errors';

export const TE = {
  // Device identity
  windowRequired: () => new CodedError('enrollment_window_required', '柜台和评价器须用绑定窗口的注册码注册', 403),
  noWindowDevice: () => new CodedError('device_no_window', '该设备未绑定窗口，请用绑定窗口的注册码重新注册', 403),
  reservedDeviceId: (id: string) => new CodedError('sync_device_reserved', `设备编号 ${id} 为大厅服务器保留，设备不能使用`, 403),
  deviceOwned: () => new CodedError('sync_device_owned', '该设备编号已由另一台设备使用，请联系管理员', 403),
  notYourSyncId: (own: string) => new CodedError('sync_device_not_yours', `本设备的同步编号是 ${own}，不能以其他编号推送`, 403),
  notReplaceable: () => new CodedError('device_not_replaceable', '只有柜台设备可以更换电脑', 409),
  // Ratings
  ratingWrongWindow: (no: number) => new CodedError('rating_not_your_window', `本设备不属于 ${no} 号窗口，不能提交该窗口的评价`, 403),
  ratingClerkMismatch: (sent: string) => new CodedError('rating_clerk_mismatch', `评价中的工号 ${sent} 不是办理该业务的工作人员`, 409),
  ratingUnknownClerk: (w: string) => new CodedError('rating_unknown_clerk', `没有工号 ${w} 的工作人员`, 422),
  ratingClerkNotAtWindow: (w: string, no: number) => new CodedError('rating_clerk_not_at_window', `工号 ${w} 当时不在 ${no} 号窗口`, 409),
  ratingAlreadyGiven: () => new CodedError('rating_already_given', '该次服务已经评价过，评价不能更改', 409),
  ratingBadTime: () => new CodedError('rating_bad_time', '评价时间无效或晚于当前时间', 422),
  ratingIdReused: () => new CodedError('rating_id_reused', '评价编号已被另一条评价使用', 409),
  // Personal data
  noApplicant: () => new CodedError('case_no_applicant', '该办件没有申请人信息', 404),
};
