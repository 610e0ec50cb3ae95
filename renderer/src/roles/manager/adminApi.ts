// The manager console's calls to the admin API (/api/admin/*): staff, categories, windows, the hall.
// Answers are parsed with the same zod schemas the hall server declares.
import { hallClient } from '../../bridge/hallBridge';
import {
  adminCategoryListSchema, adminCategorySchema, adminHallSchema, adminStaffListSchema, adminStaffSchema, adminWindowListSchema, adminWindowSchema,
  type CategoryCreate, type CategoryPatch, type HallPatch, type StaffCreate, type StaffPatch, type WindowCreate, type WindowPatch,
} from '../../../../domain/api/admin';

const c = () => hallClient('manager');
const seg = encodeURIComponent;

export const adminApi = {
  /** Who is signed in (the console greys out what a manager may not do to himself). */
  me: async () => (await c().request<{ subject: string }>('GET', '/api/auth/me'))!.subject,
  staff: async () => (await c().request('GET', '/api/admin/staff', undefined, adminStaffListSchema))!.staff,
  createStaff: async (b: StaffCreate) => (await c().request('POST', '/api/admin/staff', b, adminStaffSchema))!,
  updateStaff: async (workNo: string, b: StaffPatch) => (await c().request('PATCH', `/api/admin/staff/${seg(workNo)}`, b, adminStaffSchema))!,
  resetPassword: (workNo: string, password: string) => c().request('POST', `/api/admin/staff/${seg(workNo)}/password`, { password }),
  categories: async () => (await c().request('GET', '/api/admin/categories', undefined, adminCategoryListSchema))!.categories,
  createCategory: async (b: CategoryCreate) => (await c().request('POST', '/api/admin/categories', b, adminCategorySchema))!,
  updateCategory: async (code: string, b: CategoryPatch) => (await c().request('PATCH', `/api/admin/categories/${seg(code)}`, b, adminCategorySchema))!,
  windows: async () => (await c().request('GET', '/api/admin/windows', undefined, adminWindowListSchema))!.windows,
  createWindow: async (b: WindowCreate) => (await c().request('POST', '/api/admin/windows', b, adminWindowSchema))!,
  updateWindow: async (no: number, b: WindowPatch) => (await c().request('PATCH', `/api/admin/windows/${no}`, b, adminWindowSchema))!,
  hall: async () => (await c().request('GET', '/api/admin/hall', undefined, adminHallSchema))!,
  updateHall: async (b: HallPatch) => (await c().request('PATCH', '/api/admin/hall', b, adminHallSchema))!,
};
