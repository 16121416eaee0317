/**
 * Drug classes for allergy cross-checks and the cross-reactivity Bedside assumes between them.
 * Sources:
 * - Khan DA, Banerji A, Blumenthal KG, et al. Drug allergy: a 2022 practice parameter update.
 *   J Allergy Clin Immunol. 2022;150(6):1333-1393 (AAAAI/ACAAI). Penicillin–cephalosporin
 *   cross-reactivity is low (about 1–2%, lower with dissimilar R1 side chains); carbapenems <1%;
 *   sulfonamide-antibiotic allergy does not imply allergy to non-antibiotic sulfonamides;
 *   cross-reactive NSAID hypersensitivity involves strong COX-1 inhibitors.
 * - Strom BL, et al. Absence of cross-reactivity between sulfonamide antibiotics and
 *   sulfonamide nonantibiotics. N Engl J Med. 2003;349(17):1628-1635.
 * - Shared R1 side chains (aminopenicillins with cephalexin, cefadroxil, cefaclor, cefprozil,
 *   cephradine): Romano A et al., J Allergy Clin Immunol Pract 2018 and the 2022 parameter's table.
 */

/** A drug class an allergy can name. */
export type AllergyClassId = 'penicillins' | 'cephalosporins' | 'carbapenems' | 'sulfonamide-antibiotics' | 'nsaids';

/** Members of each class (RxNorm ingredient names). */
export const ALLERGY_CLASSES: Readonly<Record<AllergyClassId, { label: string; members: readonly string[] }>> = {
  penicillins: {
    label: 'penicillins',
    members: [
      'amoxicillin', 'ampicillin', 'bacampicillin', 'carbenicillin', 'cloxacillin', 'dicloxacillin',
      'flucloxacillin', 'mezlocillin', 'nafcillin', 'oxacillin', 'penicillin g', 'penicillin v',
      'piperacillin', 'pivampicillin', 'pivmecillinam', 'temocillin', 'ticarcillin',
    ],
  },
  cephalosporins: {
    label: 'cephalosporins',
    members: [
      'cefaclor', 'cefadroxil', 'cefazolin', 'cefdinir', 'cefepime', 'cefiderocol', 'cefixime', 'cefotaxime',
      'cefotetan', 'cefoxitin', 'cefpodoxime', 'cefprozil', 'ceftaroline', 'ceftazidime', 'ceftolozane',
      'ceftriaxone', 'cefuroxime', 'cephalexin', 'cephradine',
    ],
  },
  carbapenems: { label: 'carbapenems', members: ['doripenem', 'ertapenem', 'imipenem', 'meropenem'] },
  'sulfonamide-antibiotics': {
    label: 'sulfonamide antibiotics',
    members: ['sulfacetamide', 'sulfadiazine', 'sulfamethoxazole', 'sulfasalazine', 'sulfisoxazole'],
  },
  nsaids: {
    // Strong COX-1 inhibitors only: selective COX-2 inhibitors (celecoxib) are usually tolerated.
    label: 'NSAIDs (COX-1 inhibitors)',
    members: [
      'aspirin', 'diclofenac', 'etodolac', 'flurbiprofen', 'ibuprofen', 'indomethacin', 'ketoprofen',
      'ketorolac', 'meloxicam', 'nabumetone', 'naproxen', 'piroxicam',
    ],
  },
};

/** Words an allergy record may use to name a whole class. */
export const CLASS_ALIASES: Readonly<Record<string, AllergyClassId>> = {
  penicillin: 'penicillins',
  penicillins: 'penicillins',
  'penicillin antibiotic': 'penicillins',
  'beta-lactam': 'penicillins',
  cephalosporin: 'cephalosporins',
  cephalosporins: 'cephalosporins',
  carbapenem: 'carbapenems',
  carbapenems: 'carbapenems',
  sulfa: 'sulfonamide-antibiotics',
  'sulfa drug': 'sulfonamide-antibiotics',
  'sulfa drugs': 'sulfonamide-antibiotics',
  sulfonamide: 'sulfonamide-antibiotics',
  sulfonamides: 'sulfonamide-antibiotics',
  'sulfonamide antibiotic': 'sulfonamide-antibiotics',
  nsaid: 'nsaids',
  nsaids: 'nsaids',
  'non-steroidal anti-inflammatory drug': 'nsaids',
  'nonsteroidal anti-inflammatory agent': 'nsaids',
};

/** How an allergen and a drug relate, strongest first. */
export type AllergyRelation = 'same-drug' | 'same-class' | 'shared-side-chain' | 'cross-class';

/** Cross-class pairs Bedside alerts on, with the expected cross-reactivity stated for the card. */
export const CROSS_CLASS: ReadonlyArray<{ from: AllergyClassId; to: AllergyClassId; note: string }> = [
  {
    from: 'penicillins',
    to: 'cephalosporins',
    note: 'Cross-reactivity between penicillins and cephalosporins is low (about 1–2%, lower with dissimilar side chains; AAAAI/ACAAI 2022).',
  },
  {
    from: 'penicillins',
    to: 'carbapenems',
    note: 'Cross-reactivity between penicillins and carbapenems is below 1% (AAAAI/ACAAI 2022).',
  },
];

/** Aminopenicillins and the cephalosporins that share their R1 side chain (higher cross-reactivity). */
export const SHARED_R1_SIDE_CHAIN: Readonly<Record<string, readonly string[]>> = {
  ampicillin: ['cephalexin', 'cefaclor', 'cephradine'],
  amoxicillin: ['cefadroxil', 'cefprozil'],
};

/** Classes an ingredient belongs to. */
export function allergyClassesOf(ingredient: string): AllergyClassId[] {
  return (Object.keys(ALLERGY_CLASSES) as AllergyClassId[]).filter((id) => ALLERGY_CLASSES[id].members.includes(ingredient));
}
