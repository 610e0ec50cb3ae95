// The manager's admin API for the hall's reference data: staff (工号, role, stars, home window,
// AB角 backup, active, password), business categories (prefix, daily reset, number range, service
// level), windows, and the hall's name and display notice. Manager only; every edit is audited as
// an `admin.*` event row.
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { tokenOf } from '../auth';
import { hashPasswordSync } from '../../platform/passwords';
import { workKey } from '../signin/throttle';
import { ReferenceData } from '../admin/referenceData';

const adminRoutes: RouteModule = (app, ctx) => {
  const { store, engine, auth } = ctx;
  const serve = defineRoutes(app, auth);
  const ref = new ReferenceData(store, engine, auth);

  // ---- staff ----
  serve(R['admin.staff'], async () => ({ staff: ref.listStaff() }));

  serve(R['admin.createStaff'], async (req, reply) => {
    const { password, ...b } = req.body;
    // Hashed outside the transaction. The existing helper is synchronous (~50 ms of scrypt on the
    // event loop): acceptable for an edit made a few times a day.
    const staff = ref.createStaff({ ...b, passwordHash: hashPasswordSync(password) }, req.actor);
    return reply.code(201).send(staff);
  });

  serve(R['admin.updateStaff'], async (req) => ref.updateStaff(req.params.workNo, req.body, req.actor));

  serve(R['admin.resetPassword'], async (req, reply) => {
    const { workNo } = req.params;
    const { password } = req.body;
    ref.resetPassword(workNo, hashPasswordSync(password), req.actor, tokenOf(req, false));
    // A manager's reset also lifts a sign-in lock on that work number (the address count stays).
    ctx.signIn.succeed([workKey(workNo)]);
    return reply.code(204).send();
  });

  // ---- categories ----
  serve(R['admin.categories'], async () => ({ categories: ref.listCategories() }));

  serve(R['admin.createCategory'], async (req, reply) => reply.code(201).send(ref.createCategory(req.body, req.actor)));

  serve(R['admin.updateCategory'], async (req) => ref.updateCategory(req.params.code, req.body, req.actor));

  // ---- windows ----
  serve(R['admin.windows'], async () => ({ windows: ref.listWindows() }));

  serve(R['admin.createWindow'], async (req, reply) => reply.code(201).send(ref.createWindow(req.body, req.actor)));

  serve(R['admin.updateWindow'], async (req) => ref.updateWindow(req.params.no, req.body, req.actor));

  // ---- hall name and notice ----
  serve(R['admin.hall'], async () => ref.getHall());

  serve(R['admin.updateHall'], async (req) => ref.updateHall(req.body, req.actor));
};
export default adminRoutes;
