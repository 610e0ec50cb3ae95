// Green channel (绿色通道): the priority class a new ticket gets. Age comes from the ID number's
// birth date; disabled/pregnant/vip/appointment are declared by the kiosk or the clerk.
import { ageOn } from '../idNumber';
import type { PriorityClass } from '../api/hall';

export function derivePriority(requested: PriorityClass | undefined, idNumber: string | undefined, today: string, elderlyAge: number): PriorityClass {
  if (requested && requested !== 'normal') return requested;
  if (idNumber) {
    const age = ageOn(idNumber, today);
    if (age !== null && age >= elderlyAge) return 'elderly';
  }
  return 'normal';
}
