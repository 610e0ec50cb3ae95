// The card(s) read for the case in progress, held in memory only: the renderer gets a view with
// the ID number masked and refers to a card by its cardId; the full data is used once, when the
// case is written, and then forgotten (also on sign-out). Photos (WLT) never leave this object.
import { v7 as uuidv7 } from 'uuid';
import { CodedError } from '../../../domain/api/errors';
import { maskIdNumber } from '../../../domain/idNumber';
import type { CardView } from '../../../domain/contract/core';
import type { CardRead } from '../../../native/idcard/reader';

export interface HeldCard {
  cardId: string;
  read: CardRead;
}

const ID_TYPE = { resident: 'residentId', hmtPermit: 'hkmtPermit', foreignPermanentOld: 'foreignPr', foreignPermanent: 'foreignPr' } as const;

export class CardSlot {
  private cards: HeldCard[] = [];

  /** Keep the applicant's and (for an agent) a second card; older ones are dropped. */
  put(read: CardRead): CardView {
    const held = { cardId: uuidv7(), read };
    this.cards = [...this.cards.slice(-1), held];
    return this.view(held);
  }

  current(): CardView | null {
    const c = this.cards.at(-1);
    return c ? this.view(c) : null;
  }

  view(c: HeldCard): CardView {
    const card = c.read.card;
    return {
      cardId: c.cardId,
      kindLabel: card.kindLabel,
      name: card.name,
      idMasked: maskIdNumber(card.idNumber),
      sex: card.sex,
      birthDate: card.birthDate,
      expired: card.expired,
      idNumberValid: card.idNumberValid,
      problem: card.idNumberProblem ?? (card.expired ? '证件已过有效期' : null),
      readAt: c.read.readAt,
      photo: c.read.photo.status === 'decoded' ? 'available' : 'unavailable',
    };
  }

  /** The person data of a held card, for writing the case. */
  person(cardId: string): { name: string; idType: 'residentId' | 'hkmtPermit' | 'foreignPr'; idNumber: string } {
    const c = this.cards.find((x) => x.cardId === cardId);
    if (!c) throw new CodedError('CARD_NOT_HELD', '读卡信息已失效（已清除或超时），请重新刷证件', 409);
    const card = c.read.card;
    if (card.expired) throw new CodedError('CARD_EXPIRED', '证件已过有效期，不能作为办事身份证明', 400);
    if (card.idNumberValid === false) throw new CodedError('CARD_ID_INVALID', `证件号码校验失败：${card.idNumberProblem ?? ''}`, 400);
    return { name: card.name, idType: ID_TYPE[card.kind], idNumber: card.idNumber };
  }

  clear(): boolean {
    const had = this.cards.length > 0;
    for (const c of this.cards) c.read.photoWlt?.fill(0);
    this.cards = [];
    return had;
  }
}
