import { isStopWord } from './stop-words';

describe(isStopWord.name, () => {
  it.each([
    'STOP',
    'stop',
    ' Stop! ',
    'STOP.',
    'Stop\n',
    'STOP ALL',
    'stopall',
    'Unsubscribe',
    'cancel',
    'End',
    'QUIT',
    'opt-out',
    'Revoke',
    'Arrêt',
    'ARRET',
    'stopp',
    'Baja',
    'parar',
    '🛑 STOP',
  ])('takes %j as an opt-out', (text) => {
    expect(isStopWord(text)).toBe(true);
  });

  it.each(["don't stop", 'STOP sending me these', 'stopped', 'Thanks!', '', 'START', 'the end of it'])(
    'does not take %j as one',
    (text) => {
      expect(isStopWord(text)).toBe(false);
    },
  );
});
