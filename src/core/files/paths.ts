// Path containment, shared by the core and the VS Code layer. Deliberately free of other imports so the
// extension can use it at activation without loading the rest of the core.

import * as path from 'node:path';

/** Containment by path.relative, never a bare startsWith ("/srv/www-secret" starts with "/srv/www"). */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
