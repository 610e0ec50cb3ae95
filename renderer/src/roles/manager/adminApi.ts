// The manager console's calls to the admin API (/api/admin/*): staff, categories, windows, the hall,
// through the typed contract (domain/api/routes.ts); answers are parsed with its schemas.
import { hallClient } from '../../bridge/hallBridge';
import type { CategoryCreate, CategoryPatch, HallPatch, StaffCreate, StaffPatch, WindowCreate, WindowPatch } from '../../../../domain/api/admin';

const c = () => hallClient('manager');

export const adminApi = {
  /** Who is signed in (the console greys out what a manager may not do to himself). */
  me: async () => (await c().call('auth.me')).subject,
  staff: async () => (await c().call('admin.staff')).staff,
  createStaff: (b: StaffCreate) => c().call('admin.createStaff', { body: b }),
  updateStaff: (workNo: string, b: StaffPatch) => c().call('admin.updateStaff', { params: { workNo }, body: b }),
  resetPassword: (workNo: string, password: string) => c().call('admin.resetPassword', { params: { workNo }, body: { password } }),
  categories: async () => (await c().call('admin.categories')).categories,
  createCategory: (b: CategoryCreate) => c().call('admin.createCategory', { body: b }),
  updateCategory: (code: string, b: CategoryPatch) => c().call('admin.updateCategory', { params: { code }, body: b }),
  windows: async () => (await c().call('admin.windows')).windows,
  createWindow: (b: WindowCreate) => c().call('admin.createWindow', { body: b }),
  updateWindow: (no: number, b: WindowPatch) => c().call('admin.updateWindow', { params: { no }, body: b }),
  hall: () => c().call('admin.hall'),
  updateHall: (b: HallPatch) => c().call('admin.updateHall', { body: b }),
};
