/** `admin suggest <bundle>` on orders written with brand names, misspellings and French names (issue #18). */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdmin } from '../../../electron/cli/admin';
import { tempDir } from '../../helpers/tempDir';

const bundle = path.join(__dirname, 'data', 'spelling-orders.bundle.json');

describe('admin suggest <bundle>', () => {
  it('fires the right cards for brands, misspellings and French names', async () => {
    const lines: string[] = [];
    // A bundle with --no-models reads nothing from the data folder.
    expect(await runAdmin(['suggest', bundle, '--no-models', '--as-of', '2026-12-01', '--data-dir', tempDir()], (l) => lines.push(l))).toBe(0);
    const printed = JSON.parse(lines.join('\n')) as { cards: Array<{ indicator: string; summary: string; provenance: { id: string } }> };
    const got = printed.cards.map((c) => `${c.indicator} ${c.provenance.id}: ${c.summary}`);
    expect(got).toEqual(
      expect.arrayContaining([
        // fluoxetin (typo) + Nardil (brand of phenelzine): ONC high-priority, contraindicated.
        expect.stringMatching(/^critical drug-interactions: Contraindicated combination: .*(fluoxetine.*phenelzine|phenelzine.*fluoxetine)/),
        // érythromycine (French) + Zocor (brand of simvastatin): ONC #25.
        expect.stringMatching(/^critical drug-interactions: Contraindicated combination: simvastatin with erythromycin/),
        // Coumadine (French brand of warfarin) + Advil (ibuprofen).
        expect.stringMatching(/^warning drug-interaction-groups: Major interaction: warfarin \+ ibuprofen/),
        // Keflex (cephalexin) in a penicillin-allergic patient.
        expect.stringMatching(/^warning drug-allergy: Keflex: patient has a recorded allergy to Penicillin \(cross class\)/),
        // A drug that is in no vocabulary.
        'warning unresolved-medication: No interaction or allergy check was possible for Zorblatin 10 mg: not in the drug vocabulary',
      ]),
    );
    expect(got.filter((g) => g.includes('unresolved-medication'))).toHaveLength(1);
  });
});
