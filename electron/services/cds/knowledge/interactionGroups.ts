/**
 * Clinically important interaction groups beyond the 15 ONC high-priority pairs. Each group
 * names its members (RxNorm ingredient names, all in the drug vocabulary), its severity and
 * its sources. Severity decides how the card is shown, following the split Phansalkar et al.
 * made between high-priority interruptive alerts (JAMIA 2012;19:735-743) and interactions that
 * should be non-interruptive (Phansalkar S et al. JAMIA 2013;20(3):489-493):
 *   contraindicated → critical (interrupts the order), major → warning (panel, no dialog),
 *   moderate → info (panel, non-interruptive).
 * `example` and `safe` are the worked example and the safe pair every group is tested with
 * (test/unit/cds/interactionGroups.test.ts).
 */

/** Severity of an interaction group. */
export type InteractionSeverity = 'contraindicated' | 'major' | 'moderate';

/** One side of a group: any member with any member of the other side(s). */
export interface InteractionSide {
  readonly label: string;
  readonly members: readonly string[];
}

/** A cited interaction group. Two sides: a pair; three sides: all three present (triple whammy). */
export interface InteractionGroup {
  readonly id: string;
  readonly title: string;
  readonly severity: InteractionSeverity;
  readonly sides: readonly InteractionSide[];
  readonly mechanism: string;
  readonly management: string;
  readonly citation: string;
  readonly example: readonly string[];
  readonly safe: readonly string[];
}

const NSAIDS = ['ibuprofen', 'naproxen', 'diclofenac', 'ketorolac', 'meloxicam', 'indomethacin', 'celecoxib', 'piroxicam', 'etodolac', 'nabumetone', 'flurbiprofen', 'ketoprofen'];
const ANTICOAGULANTS = ['warfarin', 'acenocoumarol', 'fluindione', 'apixaban', 'rivaroxaban', 'edoxaban', 'dabigatran', 'heparin', 'enoxaparin', 'dalteparin'];
const ANTIPLATELETS = ['aspirin', 'clopidogrel', 'prasugrel', 'ticagrelor', 'ticlopidine', 'dipyridamole', 'cilostazol'];
const SSRI_SNRI = ['fluoxetine', 'sertraline', 'paroxetine', 'citalopram', 'escitalopram', 'fluvoxamine', 'venlafaxine', 'desvenlafaxine', 'duloxetine', 'milnacipran'];
const SEROTONERGIC_OPIOIDS = ['tramadol', 'tapentadol', 'meperidine', 'methadone', 'fentanyl'];
const TRIPTANS = ['sumatriptan', 'rizatriptan', 'zolmitriptan'];
const ACEI = ['captopril', 'enalapril', 'lisinopril', 'ramipril', 'perindopril'];
const ARB = ['losartan', 'valsartan', 'candesartan', 'irbesartan', 'telmisartan', 'olmesartan'];
const K_SPARING = ['spironolactone', 'eplerenone', 'amiloride', 'triamterene'];
const DIURETICS = ['furosemide', 'bumetanide', 'torsemide', 'hydrochlorothiazide', 'chlorthalidone', 'indapamide', 'bendroflumethiazide', 'metolazone', ...K_SPARING];
/** CredibleMeds "Known Risk of TdP" list (Woosley RL, Heise CW, Romero KA. QTdrugs List, www.CredibleMeds.org, AZCERT), members in the vocabulary. */
export const QT_KNOWN_RISK = [
  'amiodarone', 'anagrelide', 'arsenic trioxide', 'astemizole', 'azithromycin', 'bepridil', 'chloroquine', 'chlorpromazine', 'cilostazol',
  'ciprofloxacin', 'cisapride', 'citalopram', 'clarithromycin', 'cocaine', 'disopyramide', 'dofetilide', 'domperidone', 'donepezil', 'dronedarone',
  'droperidol', 'erythromycin', 'escitalopram', 'flecainide', 'fluconazole', 'halofantrine', 'haloperidol', 'hydroxychloroquine', 'ibutilide',
  'levofloxacin', 'levomethadyl acetate', 'mesoridazine', 'methadone', 'moxifloxacin', 'ondansetron', 'pentamidine', 'pimozide', 'probucol',
  'procainamide', 'propofol', 'quinidine', 'sevoflurane', 'sotalol', 'sparfloxacin', 'sulpiride', 'terfenadine', 'thioridazine', 'vandetanib',
];

const LABEL = (drug: string, section: string) => `US FDA prescribing information, ${drug}, ${section} (DailyMed)`;

/** Every interaction group, most severe first. */
export const INTERACTION_GROUPS: readonly InteractionGroup[] = [
  {
    id: 'methotrexate-trimethoprim',
    title: 'Methotrexate with trimethoprim (including co-trimoxazole)',
    severity: 'contraindicated',
    sides: [
      { label: 'methotrexate', members: ['methotrexate'] },
      { label: 'trimethoprim / sulfamethoxazole', members: ['trimethoprim', 'sulfamethoxazole'] },
    ],
    mechanism: 'Both are antifolates and trimethoprim reduces renal clearance of methotrexate: pancytopenia and fatal marrow suppression are reported, even with low-dose weekly methotrexate.',
    management: 'Avoid the combination; choose another antibiotic. If unavoidable, monitor full blood count closely and consider folinic acid.',
    citation: `Joint Formulary Committee. British National Formulary, Appendix 1 interactions: methotrexate + trimethoprim ("avoid", severe); ${LABEL('methotrexate (Trexall)', 'section 7 Drug interactions')}; Bourré-Tessier J, Haraoui B. J Rheumatol 2010;37:1416-1421.`,
    example: ['methotrexate', 'Bactrim'],
    safe: ['methotrexate', 'nitrofurantoin'],
  },
  {
    id: 'pde5-nitrate',
    title: 'PDE5 inhibitor with a nitrate',
    severity: 'contraindicated',
    sides: [
      { label: 'PDE5 inhibitor', members: ['sildenafil'] },
      { label: 'nitrate', members: ['nitroglycerin', 'isosorbide dinitrate', 'isosorbide mononitrate', 'nitroprusside'] },
    ],
    mechanism: 'Additive cGMP-mediated vasodilation: profound hypotension.',
    management: 'Contraindicated. Do not give a nitrate within 24 hours of sildenafil.',
    citation: LABEL('sildenafil (Viagra, Revatio)', 'section 4 Contraindications'),
    example: ['sildenafil', 'isosorbide mononitrate'],
    safe: ['sildenafil', 'amlodipine'],
  },
  {
    id: 'anticoagulant-nsaid',
    title: 'Anticoagulant with an NSAID',
    severity: 'major',
    sides: [
      { label: 'anticoagulant', members: ANTICOAGULANTS },
      { label: 'NSAID', members: NSAIDS },
    ],
    mechanism: 'NSAIDs inhibit platelet function and injure gastric mucosa: major and gastrointestinal bleeding roughly double on an anticoagulant.',
    management: 'Prefer paracetamol (acetaminophen). If an NSAID is needed, use the shortest course with gastroprotection and watch for bleeding.',
    citation: `Davidson BL et al. JAMA Intern Med 2014;174(6):947-953; ${LABEL('warfarin (Coumadin)', 'section 7 Drug interactions')}; ${LABEL('apixaban (Eliquis)', 'section 7.3')}.`,
    example: ['warfarin', 'Advil'],
    safe: ['warfarin', 'acetaminophen'],
  },
  {
    id: 'anticoagulant-antiplatelet',
    title: 'Anticoagulant with an antiplatelet',
    severity: 'major',
    sides: [
      { label: 'anticoagulant', members: ANTICOAGULANTS },
      { label: 'antiplatelet', members: ANTIPLATELETS },
    ],
    mechanism: 'Additive effect on haemostasis: higher bleeding risk.',
    management: 'Combine only with a clear indication (e.g. recent stent) and a planned duration; review the need for each.',
    citation: `${LABEL('apixaban (Eliquis)', 'section 7.3')}; ${LABEL('rivaroxaban (Xarelto)', 'section 7.3')}; Lamberts M et al. J Am Coll Cardiol 2013;62:981-989.`,
    example: ['warfarin', 'clopidogrel'],
    safe: ['apixaban', 'atorvastatin'],
  },
  {
    id: 'linezolid-serotonergic',
    title: 'Linezolid with a serotonergic antidepressant',
    severity: 'major',
    sides: [
      { label: 'linezolid (reversible MAO inhibitor)', members: ['linezolid'] },
      { label: 'SSRI / SNRI / clomipramine', members: [...SSRI_SNRI, 'clomipramine'] },
    ],
    mechanism: 'Linezolid inhibits monoamine oxidase: serotonin syndrome with serotonergic antidepressants.',
    management: 'Avoid; if linezolid is essential, stop the antidepressant and monitor for serotonin toxicity.',
    citation: 'US FDA Drug Safety Communication (2011-07-26, updated 2011-10-20): serious CNS reactions possible when linezolid is given to patients taking serotonergic psychiatric medications.',
    example: ['linezolid', 'sertraline'],
    safe: ['linezolid', 'mirtazapine'],
  },
  {
    id: 'serotonergic-opioid',
    title: 'Serotonergic antidepressant with a serotonergic opioid',
    severity: 'major',
    sides: [
      { label: 'SSRI / SNRI', members: SSRI_SNRI },
      { label: 'serotonergic opioid', members: SEROTONERGIC_OPIOIDS },
    ],
    mechanism: 'Additive serotonergic effect (and lower seizure threshold with tramadol): serotonin syndrome.',
    management: 'Prefer a non-serotonergic analgesic; if combined, use the lowest dose and tell the patient the warning signs.',
    citation: 'US FDA Drug Safety Communication (2016-03-22): opioid class labelling changes, serotonin syndrome with serotonergic drugs; Phansalkar S et al. JAMIA 2012;19:735-743 (serotonergic combinations among the high-priority candidates).',
    example: ['fluoxetine', 'tramadol'],
    safe: ['fluoxetine', 'morphine'],
  },
  {
    id: 'qt-combination',
    title: 'Two drugs with a known risk of torsades de pointes',
    severity: 'major',
    sides: [
      { label: 'QT-prolonging (CredibleMeds known risk)', members: QT_KNOWN_RISK },
      { label: 'QT-prolonging (CredibleMeds known risk)', members: QT_KNOWN_RISK },
    ],
    mechanism: 'Additive QT prolongation: risk of torsades de pointes, more with hypokalaemia, bradycardia, female sex and older age.',
    management: 'Avoid the combination when an alternative exists; otherwise check a baseline ECG (QTc) and potassium and magnesium.',
    citation: 'CredibleMeds QTdrugs List, Known Risk of TdP (Woosley RL, Heise CW, Romero KA; AZCERT, www.CredibleMeds.org); Drew BJ et al. Circulation 2010;121:1047-1060.',
    // Pairs on the ONC list (#21) are reported by the ONC rule; this one is not on it.
    example: ['hydroxychloroquine', 'levofloxacin'],
    safe: ['hydroxychloroquine', 'amoxicillin'],
  },
  {
    id: 'hyperkalaemia-raas',
    title: 'ACE inhibitor or ARB with a potassium-sparing diuretic, potassium or trimethoprim',
    severity: 'major',
    sides: [
      { label: 'ACE inhibitor / ARB', members: [...ACEI, ...ARB] },
      { label: 'potassium-raising drug', members: [...K_SPARING, 'potassium chloride', 'potassium citrate', 'trimethoprim'] },
    ],
    mechanism: 'Both raise serum potassium: life-threatening hyperkalaemia, especially with reduced kidney function.',
    management: 'Check potassium and creatinine before and within a week of starting; avoid potassium supplements unless hypokalaemic.',
    citation: 'Juurlink DN et al. N Engl J Med 2004;351:543-551; Antoniou T et al. Arch Intern Med 2010;170(12):1045-1049 (trimethoprim); British National Formulary, Appendix 1.',
    example: ['lisinopril', 'spironolactone'],
    safe: ['lisinopril', 'amlodipine'],
  },
  {
    id: 'triple-whammy',
    title: '"Triple whammy": ACE inhibitor or ARB, diuretic and NSAID',
    severity: 'major',
    sides: [
      { label: 'ACE inhibitor / ARB', members: [...ACEI, ...ARB] },
      { label: 'diuretic', members: DIURETICS },
      { label: 'NSAID', members: NSAIDS },
    ],
    mechanism: 'Loss of afferent (NSAID) and efferent (ACEi/ARB) glomerular regulation in a volume-depleted (diuretic) patient: acute kidney injury, highest in the first 30 days.',
    management: 'Avoid the NSAID; if unavoidable, check creatinine within a week and stop during dehydrating illness.',
    citation: 'Lapi F et al. Concurrent use of diuretics, angiotensin converting enzyme inhibitors, and angiotensin receptor blockers with NSAIDs and risk of acute kidney injury. BMJ 2013;346:e8525.',
    example: ['lisinopril', 'furosemide', 'ibuprofen'],
    safe: ['lisinopril', 'furosemide', 'acetaminophen'],
  },
  {
    id: 'warfarin-cyp2c9',
    title: 'Warfarin with a drug that raises the INR',
    severity: 'major',
    sides: [
      { label: 'warfarin', members: ['warfarin', 'acenocoumarol'] },
      { label: 'CYP2C9 inhibitor', members: ['fluconazole', 'miconazole', 'voriconazole', 'metronidazole', 'amiodarone', 'sulfamethoxazole'] },
    ],
    mechanism: 'Inhibition of CYP2C9 (S-warfarin metabolism): INR rises, bleeding.',
    management: 'Choose an alternative or reduce the warfarin dose and check the INR within 3–5 days.',
    citation: `Holbrook AM et al. Arch Intern Med 2005;165:1095-1106; ${LABEL('warfarin (Coumadin)', 'section 7 Drug interactions')}.`,
    example: ['warfarin', 'metronidazole'],
    safe: ['warfarin', 'nitrofurantoin'],
  },
  {
    id: 'clopidogrel-ppi',
    title: 'Clopidogrel with omeprazole or esomeprazole',
    severity: 'major',
    sides: [
      { label: 'clopidogrel', members: ['clopidogrel'] },
      { label: 'CYP2C19-inhibiting PPI', members: ['omeprazole', 'esomeprazole'] },
    ],
    mechanism: 'CYP2C19 inhibition lowers the active metabolite of clopidogrel and its antiplatelet effect.',
    management: 'Avoid; use pantoprazole if a PPI is needed.',
    citation: LABEL('clopidogrel (Plavix)', 'sections 5.1 and 7.1 (FDA communication 2009-11-17)'),
    example: ['clopidogrel', 'omeprazole'],
    safe: ['clopidogrel', 'pantoprazole'],
  },
  {
    id: 'lithium-renal',
    title: 'Lithium with an ACE inhibitor, ARB, thiazide or NSAID',
    severity: 'major',
    sides: [
      { label: 'lithium', members: ['lithium carbonate'] },
      { label: 'drug lowering lithium clearance', members: [...ACEI, ...ARB, 'hydrochlorothiazide', 'chlorthalidone', 'indapamide', 'bendroflumethiazide', ...NSAIDS] },
    ],
    mechanism: 'Reduced renal lithium clearance: lithium toxicity.',
    management: 'Avoid if possible; otherwise check lithium levels within 5–7 days and after each dose change.',
    citation: `${LABEL('lithium (Lithobid)', 'section 7 Drug interactions')}; Juurlink DN et al. J Am Geriatr Soc 2004;52:794-798.`,
    example: ['lithium carbonate', 'ibuprofen'],
    safe: ['lithium carbonate', 'acetaminophen'],
  },
  {
    id: 'digoxin-pgp',
    title: 'Digoxin with amiodarone, verapamil or a macrolide',
    severity: 'major',
    sides: [
      { label: 'digoxin', members: ['digoxin'] },
      { label: 'P-glycoprotein inhibitor', members: ['amiodarone', 'verapamil', 'dronedarone', 'clarithromycin', 'erythromycin', 'quinidine'] },
    ],
    mechanism: 'P-glycoprotein inhibition raises digoxin levels (amiodarone: by about 70%).',
    management: 'Halve the digoxin dose (amiodarone) or measure levels; watch for bradycardia and toxicity.',
    citation: LABEL('digoxin (Lanoxin)', 'section 7.1, Table of P-gp interactions'),
    example: ['digoxin', 'amiodarone'],
    safe: ['digoxin', 'furosemide'],
  },
  {
    id: 'thiopurine-allopurinol',
    title: 'Azathioprine or mercaptopurine with allopurinol',
    severity: 'major',
    sides: [
      { label: 'thiopurine', members: ['azathioprine', 'mercaptopurine'] },
      { label: 'xanthine oxidase inhibitor', members: ['allopurinol'] },
    ],
    mechanism: 'Xanthine oxidase inhibition blocks thiopurine breakdown: severe marrow suppression.',
    management: 'Reduce the thiopurine to one third or one quarter of the usual dose and monitor the blood count, or avoid.',
    citation: LABEL('azathioprine (Imuran)', 'section 7 Drug interactions'),
    example: ['azathioprine', 'allopurinol'],
    safe: ['azathioprine', 'colchicine'],
  },
  {
    id: 'simvastatin-dose-limit',
    title: 'Simvastatin with amlodipine or amiodarone (dose limit)',
    severity: 'moderate',
    sides: [
      { label: 'simvastatin', members: ['simvastatin', 'lovastatin'] },
      { label: 'CYP3A4 inhibitor with a dose limit', members: ['amlodipine', 'amiodarone'] },
    ],
    mechanism: 'Higher simvastatin exposure: myopathy risk rises with dose.',
    management: 'Do not exceed simvastatin 20 mg daily, or use another statin.',
    citation: 'US FDA Drug Safety Communication (2011-06-08): new restrictions, contraindications and dose limitations for Zocor (simvastatin).',
    example: ['simvastatin', 'amlodipine'],
    safe: ['pravastatin', 'amlodipine'],
  },
  {
    id: 'ssri-triptan',
    title: 'SSRI or SNRI with a triptan',
    severity: 'moderate',
    sides: [
      { label: 'SSRI / SNRI', members: SSRI_SNRI },
      { label: 'triptan', members: TRIPTANS },
    ],
    mechanism: 'Theoretical additive serotonergic effect; serotonin syndrome with this pair is very rare.',
    management: 'Usually continue both; tell the patient the warning signs.',
    citation: 'US FDA Public Health Advisory (2006-07-19); Orlova Y et al. JAMA Neurol 2018;75(5):566-572 (risk very low); shown non-interruptively as Phansalkar S et al. JAMIA 2013;20:489-493 recommend for low-risk interactions.',
    example: ['sertraline', 'sumatriptan'],
    safe: ['sertraline', 'acetaminophen'],
  },
];
