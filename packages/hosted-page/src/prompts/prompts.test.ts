import { CHALLENGE_FAILURE_CAUSES, CHECK_REASON_CODES, LIVENESS_CHALLENGES, missedChallenges, reason } from '@provefy/core';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, catalogues, translator } from '../i18n/i18n.js';
import { challengeCue } from './challenge-cue.js';
import { challengeCauseKey, reasonMessageKey, retakeMessageKey, retryMessageKeys } from './retry-advice.js';

describe('challengeCue: the arrow on the preview', () => {
  it("turn_left is the person's own left: on the mirrored preview the arrow points left, on an unmirrored one right", () => {
    const table = LIVENESS_CHALLENGES.flatMap((c) => [true, false].map((mirrored) => [c, mirrored, challengeCue(c, { mirrored })] as const));
    expect(table.map(([c, m, cue]) => `${c} ${m ? 'mirrored' : 'unmirrored'}: ${cue.icon} person=${cue.personSide} arrow=${cue.arrow}`)).toEqual([
      'look_straight mirrored: straight person=null arrow=null',
      'look_straight unmirrored: straight person=null arrow=null',
      'blink mirrored: blink person=null arrow=null',
      'blink unmirrored: blink person=null arrow=null',
      'turn_left mirrored: arrow person=left arrow=left',
      'turn_left unmirrored: arrow person=left arrow=right',
      'turn_right mirrored: arrow person=right arrow=right',
      'turn_right unmirrored: arrow person=right arrow=left',
    ]);
  });

  it("the words say the person's own side, in both languages", () => {
    expect(translator('en')('liveness.challenge.turn_left')).toMatch(/your left/);
    expect(translator('en')('liveness.challenge.turn_right')).toMatch(/your right/);
    expect(translator('pt-BR')('liveness.challenge.turn_left')).toMatch(/sua esquerda/);
    expect(translator('pt-BR')('liveness.challenge.turn_right')).toMatch(/sua direita/);
  });
});

describe('retry messages', () => {
  const generic = (lang: (typeof LANGUAGES)[number]) => translator(lang)('reason.generic');

  it.each(Object.keys(CHECK_REASON_CODES))('%s has its own message in every language', (code) => {
    const key = reasonMessageKey(code);
    expect(key).toBe(`reason.${code}`);
    for (const lang of LANGUAGES) {
      const text = catalogues()[lang][key];
      expect(text?.trim().length, `${lang} ${key}`).toBeGreaterThan(10);
      expect(text).not.toBe(generic(lang));
    }
  });

  it('every cause of a missed challenge is worded for the challenges that give it, in every language', () => {
    const gives: Record<string, readonly string[]> = {
      look_straight: ['not_facing'],
      blink: ['no_blink', 'eyes_not_seen'],
      turn_left: ['no_turn', 'wrong_direction', 'no_return'],
      turn_right: ['no_turn', 'wrong_direction', 'no_return'],
    };
    const covered = new Set(Object.values(gives).flat().concat('too_few_frames'));
    expect([...CHALLENGE_FAILURE_CAUSES].sort()).toEqual([...covered].sort());
    for (const type of LIVENESS_CHALLENGES) {
      for (const cause of gives[type]!) {
        const key = challengeCauseKey(type, cause);
        expect(key).toBe(`cause.${type}.${cause}`);
        for (const lang of LANGUAGES) expect(catalogues()[lang][key]?.length, `${lang} ${key}`).toBeGreaterThan(10);
      }
    }
    expect(challengeCauseKey('blink', 'too_few_frames')).toBe('reason.TOO_FEW_FRAMES');
  });

  it('words a wrong-way turn from the reason core records, and lists each problem once', () => {
    const r = reason('CHALLENGE_NOT_PERFORMED', 'Not performed: turn_left, blink', {
      challenges: ['turn_left', 'blink'],
      causes: { turn_left: 'wrong_direction', blink: 'no_blink' },
    });
    const keys = retryMessageKeys([{ code: r.code, challenges: missedChallenges(r) }, { code: 'NO_FACE' }, { code: 'NO_FACE' }, { code: 'MRZ_REPAIRED' }]);
    expect(keys).toEqual(['cause.turn_left.wrong_direction', 'cause.blink.no_blink', 'reason.NO_FACE']);
    expect(translator('en')(keys[0]!)).toBe('You turned to your right, but we asked for your left. Follow the arrow on the screen, then look back at the camera.');
    expect(translator('pt-BR')(keys[0]!)).toMatch(/^Você virou para a sua direita, mas pedimos a sua esquerda/);
  });

  it('unknown codes, error codes of unusable captures and retakes', () => {
    expect(reasonMessageKey('SOMETHING_NEW')).toBe('reason.generic');
    expect(reasonMessageKey('PROVEFY_ERR_NO_FACE')).toBe('reason.NO_FACE');
    expect(reasonMessageKey('PROVEFY_ERR_INVALID_IMAGE')).toBe('reason.IMAGE_UNUSABLE');
    expect(retryMessageKeys([])).toEqual(['reason.generic']);
    for (const step of ['liveness', 'selfie', 'document_front', 'document_back']) expect(retakeMessageKey(step)).toBe(`retake.${step}`);
    expect(retakeMessageKey('other')).toBe('reason.IMAGE_UNUSABLE');
  });
});
