// GET /api/admin/problems: what the server skipped instead of failing (stored rows it could not
// read at start or on a read, listeners that threw after a commit), by code, with the latest
// cases. The manager's view of "the server kept going, but look here".
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';

export { problemsResponseSchema } from '../../domain/api/problems';

const problemRoutes: RouteModule = (app, { auth, problems }) => {
  defineRoutes(app, auth)(R['admin.problems'], async () => problems.snapshot());
};
export default problemRoutes;
