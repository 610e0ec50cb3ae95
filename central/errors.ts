// Every rejection the central gives: a stable code (same vocabulary as the hall server), a
// Chinese message, an HTTP status.
import { CodedError } from '../domain/api/errors';

export const CE = {
  unauthorized: () => new CodedError('unauthorized', '请先登录或提供有效的令牌', 401),
  tokenExpired: () => new CodedError('token_expired', '登录已过期，请重新登录', 401),
  badCredentials: () => new CodedError('bad_credentials', '工号或密码不正确', 401),
  forbidden: () => new CodedError('forbidden', '当前身份无权进行此操作', 403),
  invalidBody: (details?: unknown) => new CodedError('invalid_body', '请求内容不符合要求', 400, details),
  invalidQuery: (details?: unknown) => new CodedError('invalid_query', '查询参数不符合要求', 400, details),
  badEnrollmentCode: () => new CodedError('bad_enrollment_code', '大厅注册码无效或已使用', 403),
  hallCodeExists: (code: string) => new CodedError('hall_code_exists', `机构代码 ${code} 已登记`, 409),
  hallMismatch: () => new CodedError('hall_mismatch', '令牌与上传的大厅编号不一致', 403),
  unknownHall: () => new CodedError('unknown_hall', '没有该大厅', 404),
  futureDate: () => new CodedError('future_date', '日期不能晚于今天', 400),
  futureSentAt: () => new CodedError('future_sent_at', '大厅时钟比中心快一天以上，请校准时间', 400),
  catalogueConflict: (current: number) => new CodedError('catalogue_version_conflict', `目录已被更新到第 ${current} 版，请刷新后再发布`, 409, { current }),
  applicantNotHeld: () => new CodedError('applicant_not_held', '中心没有该办件的申请人信息（该大厅未配置上传个人信息，或已删除）', 404),
  personalKeyChanged: () => new CodedError('personal_key_changed', '中心的个人信息密钥已更换，这条申请人信息无法解开', 409),
  applicantUnreadable: () => new CodedError('applicant_unreadable', '申请人信息校验失败，无法解开（数据或密钥不符）', 409),
  notFound: () => new CodedError('not_found', '请求的地址不存在', 404),
};
