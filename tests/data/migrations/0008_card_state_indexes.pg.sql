--
-- PostgreSQL database dump
--

\restrict EYSJrKK4ch31UlSHwLg2O3n81ppLZtY9ZN69hmTyllLbTA5gQu8Sk66jgjAMV2e

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: alembic_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.alembic_version (
    version_num character varying(32) NOT NULL
);


--
-- Name: attempts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.attempts (
    id integer NOT NULL,
    card_id integer NOT NULL,
    started_ms bigint NOT NULL,
    duration_ms integer NOT NULL,
    target_low integer,
    target_high integer,
    laps text DEFAULT '[]'::text NOT NULL,
    audio_path text,
    transcript text,
    analysis text,
    words integer,
    wpm double precision,
    coverage double precision,
    suggested_grade integer,
    self_grade integer
);


--
-- Name: attempts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.attempts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: attempts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.attempts_id_seq OWNED BY public.attempts.id;


--
-- Name: cards; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.cards (
    id integer NOT NULL,
    note_id integer NOT NULL,
    deck_id integer NOT NULL,
    ord integer NOT NULL,
    phase integer NOT NULL,
    step integer,
    stability double precision,
    difficulty double precision,
    due bigint NOT NULL,
    last_review bigint,
    reps integer NOT NULL,
    lapses integer NOT NULL,
    suspended boolean NOT NULL,
    buried_until integer NOT NULL
);


--
-- Name: cards_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.cards_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: cards_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.cards_id_seq OWNED BY public.cards.id;


--
-- Name: config; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.config (
    key character varying(64) NOT NULL,
    value text NOT NULL
);


--
-- Name: decks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.decks (
    id integer NOT NULL,
    name character varying(200) NOT NULL,
    description text NOT NULL,
    default_kind character varying(32),
    target_low integer,
    target_high integer,
    tags text NOT NULL,
    new_per_day integer NOT NULL,
    reviews_per_day integer NOT NULL,
    created_ms bigint NOT NULL,
    origin character varying(200)
);


--
-- Name: decks_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.decks_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: decks_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.decks_id_seq OWNED BY public.decks.id;


--
-- Name: notes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notes (
    id integer NOT NULL,
    guid character varying(120) NOT NULL,
    deck_id integer NOT NULL,
    kind character varying(32) NOT NULL,
    title text NOT NULL,
    fields text NOT NULL,
    tags text NOT NULL,
    search_text text NOT NULL,
    target_low integer,
    target_high integer,
    created_ms bigint NOT NULL,
    modified_ms bigint NOT NULL,
    imported text
);


--
-- Name: notes_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.notes_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: notes_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.notes_id_seq OWNED BY public.notes.id;


--
-- Name: revlog; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.revlog (
    id integer NOT NULL,
    card_id integer NOT NULL,
    reviewed_ms bigint NOT NULL,
    rating integer NOT NULL,
    duration_ms bigint NOT NULL,
    phase_before integer NOT NULL,
    step_before integer,
    stability_before double precision,
    difficulty_before double precision,
    due_before bigint NOT NULL,
    last_review_before bigint,
    phase_after integer NOT NULL,
    step_after integer,
    stability_after double precision,
    difficulty_after double precision,
    due_after bigint NOT NULL
);


--
-- Name: revlog_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.revlog_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: revlog_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.revlog_id_seq OWNED BY public.revlog.id;


--
-- Name: attempts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attempts ALTER COLUMN id SET DEFAULT nextval('public.attempts_id_seq'::regclass);


--
-- Name: cards id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cards ALTER COLUMN id SET DEFAULT nextval('public.cards_id_seq'::regclass);


--
-- Name: decks id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.decks ALTER COLUMN id SET DEFAULT nextval('public.decks_id_seq'::regclass);


--
-- Name: notes id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notes ALTER COLUMN id SET DEFAULT nextval('public.notes_id_seq'::regclass);


--
-- Name: revlog id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revlog ALTER COLUMN id SET DEFAULT nextval('public.revlog_id_seq'::regclass);


--
-- Data for Name: alembic_version; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.alembic_version (version_num) FROM stdin;
0008_card_state_indexes
\.


--
-- Data for Name: attempts; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.attempts (id, card_id, started_ms, duration_ms, target_low, target_high, laps, audio_path, transcript, analysis, words, wpm, coverage, suggested_grade, self_grade) FROM stdin;
1	15	1792142848500	151500	110	170	[{"beat": "Situation", "start_s": 0.0, "end_s": 21.5}, {"beat": "Task", "start_s": 21.5, "end_s": 38.25}, {"beat": "Action", "start_s": 38.25, "end_s": 121.0}, {"beat": "Result", "start_s": 121.0, "end_s": 151.5}]	\N	so the nightly job kept missing its window	{"words": 8}	8	131.5	0.75	3	2
\.


--
-- Data for Name: cards; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.cards (id, note_id, deck_id, ord, phase, step, stability, difficulty, due, last_review, reps, lapses, suspended, buried_until) FROM stdin;
4	4	1	0	2	\N	8.2956	1	1789725480	1788775080	1	0	f	0
8	8	1	0	2	\N	8.2956	1	1789729440	1788779040	1	0	f	0
22	18	2	0	2	\N	8.2956	1	1789730400	1788780000	1	0	f	0
6	6	1	0	2	\N	9.746189716401084	3.442705231806998	1790156520	1789033320	4	0	f	0
21	17	2	0	2	\N	10.971048263078135	2.1043313908464483	1790243400	1789033800	3	0	f	0
13	13	1	0	2	\N	10.971048263078135	2.1043313908464483	1790329740	1789120140	3	0	f	0
12	12	1	0	2	\N	9.746189716401084	3.442705231806998	1790244060	1789120860	4	0	f	0
10	10	1	0	2	\N	5.97433576974009	6.4956085174236735	1789812180	1789120980	4	0	f	0
14	14	1	0	2	\N	7.517359325415191	4.748284761594571	1789985280	1789121280	3	0	f	0
16	15	2	1	2	\N	23.899801136332222	1	1791886440	1789208040	3	0	f	739870
17	15	2	2	2	\N	4.385516981493748	5.663667255263007	1789639980	1789121580	6	0	f	739871
15	15	2	0	2	\N	8.2956	1	1789729500	1788779100	1	0	f	739871
9	9	1	0	2	\N	8.459768049236969	6.34635796621067	1790328660	1789378260	7	0	f	0
7	7	1	0	2	\N	13.977063734583089	5.145370953270224	1790933640	1789378440	6	0	f	0
5	5	1	0	2	\N	1.2915946428098497	9.27571401223807	1789637520	1789464720	13	2	f	0
11	11	1	0	2	\N	1.1003386971357287	8.811283328101457	1789552020	1789465620	7	2	f	0
23	19	2	0	2	\N	33.558147658750784	1.3840446572882867	1793267520	1789465920	6	0	f	0
18	16	2	0	2	\N	0.5907877524517461	9.863817907927865	1789551720	1789465320	16	3	f	739905
1	1	1	0	3	0	1.737438980346597	7.0269895692968385	1792143600	1792143000	2	1	f	0
20	16	2	2	0	\N	\N	\N	0	\N	0	0	f	739905
19	16	2	1	1	0	0.212	6.4133	1792143060	1792143000	1	0	f	0
2	2	1	0	2	\N	1.2521750537709984	9.880233448124097	1789637400	1789464600	16	2	t	0
3	3	1	0	2	\N	8.2956	1	1789725180	1788774780	1	0	f	739905
\.


--
-- Data for Name: config; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.config (key, value) FROM stdin;
written_by	"FlashDeck 0.1.0"
scheduler	{"desired_retention": 0.88, "enable_fuzzing": false, "learning_steps_min": [1.0, 10.0], "maximum_interval": 36500, "parameters": [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542], "relearning_steps_min": [10.0]}
theme	"dark"
kind_targets	{"story": [110, 170]}
interview_date	"2026-12-14"
\.


--
-- Data for Name: decks; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.decks (id, name, description, default_kind, target_low, target_high, tags, new_per_day, reviews_per_day, created_ms, origin) FROM stdin;
2	Prep::Stories		\N	\N	\N		20	200	1788773400000	\N
1	Prep		\N	\N	\N		20	150	1788773400000	\N
\.


--
-- Data for Name: notes; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.notes (id, guid, deck_id, kind, title, fields, tags, search_text, target_low, target_high, created_ms, modified_ms, imported) FROM stdin;
2	d:1887b32976e975ee	1	basic	Fixture prompt 1	{"back": "Fixture answer 1", "front": "Fixture prompt 1"}	 fixture group-1 	fixture prompt 1\nfixture answer 1	\N	\N	1788773400000	1788773400000	\N
3	d:8a30e3ba2609f3f5	1	basic	Fixture prompt 2	{"back": "Fixture answer 2", "front": "Fixture prompt 2"}	 fixture group-2 	fixture prompt 2\nfixture answer 2	\N	\N	1788773400000	1788773400000	\N
4	d:7148cefd11fb282d	1	basic	Fixture prompt 3	{"back": "Fixture answer 3", "front": "Fixture prompt 3"}	 fixture group-0 	fixture prompt 3\nfixture answer 3	\N	\N	1788773400000	1788773400000	\N
5	d:105d53656bb89de2	1	basic	Fixture prompt 4	{"back": "Fixture answer 4", "front": "Fixture prompt 4"}	 fixture group-1 	fixture prompt 4\nfixture answer 4	\N	\N	1788773400000	1788773400000	\N
6	d:37703b587fea956e	1	basic	Fixture prompt 5	{"back": "Fixture answer 5", "front": "Fixture prompt 5"}	 fixture group-2 	fixture prompt 5\nfixture answer 5	\N	\N	1788773400000	1788773400000	\N
7	d:995d0bcc3716e9af	1	basic	Fixture prompt 6	{"back": "Fixture answer 6", "front": "Fixture prompt 6"}	 fixture group-0 	fixture prompt 6\nfixture answer 6	\N	\N	1788773400000	1788773400000	\N
8	d:44a4767195ccd721	1	basic	Fixture prompt 7	{"back": "Fixture answer 7", "front": "Fixture prompt 7"}	 fixture group-1 	fixture prompt 7\nfixture answer 7	\N	\N	1788773400000	1788773400000	\N
9	d:3707f093c1ea5347	1	basic	Fixture prompt 8	{"back": "Fixture answer 8", "front": "Fixture prompt 8"}	 fixture group-2 	fixture prompt 8\nfixture answer 8	\N	\N	1788773400000	1788773400000	\N
10	d:22f9742c365a7a20	1	basic	Fixture prompt 9	{"back": "Fixture answer 9", "front": "Fixture prompt 9"}	 fixture group-0 	fixture prompt 9\nfixture answer 9	\N	\N	1788773400000	1788773400000	\N
11	d:d6a443d1630e4511	1	basic	Fixture prompt 10	{"back": "Fixture answer 10", "front": "Fixture prompt 10"}	 fixture group-1 	fixture prompt 10\nfixture answer 10	\N	\N	1788773400000	1788773400000	\N
12	d:2bc4e8331ecf8af5	1	basic	Fixture prompt 11	{"back": "Fixture answer 11", "front": "Fixture prompt 11"}	 fixture group-2 	fixture prompt 11\nfixture answer 11	\N	\N	1788773400000	1788773400000	\N
13	d:0bf68ba75152b2bc	1	basic	Fixture prompt 12	{"back": "Fixture answer 12", "front": "Fixture prompt 12"}	 fixture group-0 	fixture prompt 12\nfixture answer 12	\N	\N	1788773400000	1788773400000	\N
14	d:a1a8c898b7f2703e	1	basic	Fixture prompt 13	{"back": "Fixture answer 13", "front": "Fixture prompt 13"}	 fixture group-1 	fixture prompt 13\nfixture answer 13	\N	\N	1788773400000	1788773400000	\N
15	d:3195d7400fa6982b	2	story	Migrated the billing batch job	{"action": "Profiled it, split it into parallel stages, added checkpoints.", "anchor": "cut nightly run from 6 h to 40 min", "result": "Forty minutes a night, no missed report in a year.", "situation": "A nightly job kept missing its window.", "task": "Make it finish before the morning reports.", "title": "Migrated the billing batch job", "use_for": "a time you improved a process"}	 story 	migrated the billing batch job\ncut nightly run from 6 h to 40 min\na time you improved a process\na nightly job kept missing its window.\nmake it finish before the morning reports.\nprofiled it, split it into parallel stages, added checkpoints.\nforty minutes a night, no missed report in a year.	\N	\N	1788773400000	1788773400000	\N
16	d:682f8d03ca7a0fcc	2	story	Disagreed with a launch date	{"action": "Showed the risk with numbers and offered a staged plan.", "anchor": "two weeks later, zero rollbacks", "result": "Launched two weeks later with no rollback.", "situation": "A launch was planned before load tests were done.", "task": "Convince the team to wait without blocking them.", "title": "Disagreed with a launch date", "use_for": "a time you pushed back"}		disagreed with a launch date\ntwo weeks later, zero rollbacks\na time you pushed back\na launch was planned before load tests were done.\nconvince the team to wait without blocking them.\nshowed the risk with numbers and offered a staged plan.\nlaunched two weeks later with no rollback.	100	160	1788773400000	1788773400000	\N
17	d:e5cef90417aef531	2	question	Why do you want this role?	{"asking": "Motivation and fit.", "category": "behavioural", "great": "Specific, honest, tied to the team.", "prompt": "Why do you want this role?"}		why do you want this role?\nbehavioural\nmotivation and fit.\nspecific, honest, tied to the team.	\N	\N	1788773400000	1788773400000	\N
18	d:14c23720b86fe0c3	2	question	Design a URL shortener	{"category": "system design", "great": "Clarifies scale first.", "prompt": "Design a URL shortener"}		design a url shortener\nsystem design\nclarifies scale first.	\N	\N	1788773400000	1788773400000	\N
19	d:3bfd581cece54f6b	2	pitch	30-second pitch	{"beats": "who I am; what I did; why here", "label": "30-second pitch", "text": "I build reliable back-end systems ..."}		30-second pitch\ni build reliable back-end systems ...\nwho i am; what i did; why here	\N	\N	1788773400000	1788773400000	\N
1	d:842ad56dd18b53b2	1	basic	Fixture prompt 0	{"back": "Fixture answer 0, edited", "front": "Fixture prompt 0"}	 fixture group-0 	fixture prompt 0\nfixture answer 0, edited	\N	\N	1788773400000	1792143000000	\N
\.


--
-- Data for Name: revlog; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.revlog (id, card_id, reviewed_ms, rating, duration_ms, phase_before, step_before, stability_before, difficulty_before, due_before, last_review_before, phase_after, step_after, stability_after, difficulty_after, due_after) FROM stdin;
1	1	1788773400000	4	14393	0	\N	\N	\N	0	\N	2	\N	8.2956	1	1789723800
2	2	1788774060000	1	18222	0	\N	\N	\N	0	\N	1	0	0.212	6.4133	1788774120
3	2	1788774720000	3	35272	1	0	0.212	6.4133	1788774120	1788774060	1	1	0.24668918777567272	6.402115069296838	1788775320
4	3	1788774780000	4	12829	0	\N	\N	\N	0	\N	2	\N	8.2956	1	1789725180
5	4	1788775080000	4	20795	0	\N	\N	\N	0	\N	2	\N	8.2956	1	1789725480
6	2	1788775380000	1	26384	1	1	0.24668918777567272	6.402115069296838	1788775320	1788774720	1	0	0.09603383636195935	8.802628058192235	1788775440
7	2	1788775440000	2	5915	1	0	0.09603383636195935	8.802628058192235	1788775440	1788775380	1	0	0.09603383636195935	9.190357076792354	1788775770
8	5	1788775500000	1	27956	0	\N	\N	\N	0	\N	1	0	0.212	6.4133	1788775560
9	5	1788776160000	2	18962	1	0	0.212	6.4133	1788775560	1788775500	1	0	0.212	7.604209769076838	1788776490
10	2	1788776220000	3	16052	1	0	0.09603383636195935	9.190357076792354	1788775770	1788775440	1	1	0.11772478736294154	9.1763950890124	1788776820
11	5	1788776520000	3	12514	1	0	0.212	7.604209769076838	1788776490	1788776160	1	1	0.24668918777567272	7.5918339286046	1788777120
12	6	1788776640000	2	36962	0	\N	\N	\N	0	\N	1	0	1.2931	5.112170705601056	1788776970
13	2	1788777300000	3	20953	1	1	0.11772478736294154	9.1763950890124	1788776820	1788776220	2	\N	0.142394088425543	9.162447063220226	1788863700
14	6	1788777960000	3	28502	1	0	1.2931	5.112170705601056	1788776970	1788776640	1	1	1.3358997622047517	5.102286904192293	1788778560
15	5	1788778080000	3	16278	1	1	0.24668918777567272	7.5918339286046	1788777120	1788776520	2	\N	0.2842063592758949	7.579470463972833	1788864480
16	7	1788778380000	1	19726	0	\N	\N	\N	0	\N	1	0	0.212	6.4133	1788778440
17	7	1788778680000	3	9387	1	0	0.212	6.4133	1788778440	1788778380	1	1	0.24668918777567272	6.402115069296838	1788779280
18	6	1788778980000	4	8042	1	1	1.3358997622047517	5.102286904192293	1788778560	1788777960	2	\N	2.369135290197524	3.4509277903004603	1789038180
19	8	1788779040000	4	31152	0	\N	\N	\N	0	\N	2	\N	8.2956	1	1789729440
20	15	1788779100000	4	34664	0	\N	\N	\N	0	\N	2	\N	8.2956	1	1789729500
21	7	1788779400000	3	13972	1	1	0.24668918777567272	6.402115069296838	1788779280	1788778680	2	\N	0.2842063592758949	6.3909413235243795	1788865800
22	18	1788779520000	1	36326	0	\N	\N	\N	0	\N	1	0	0.212	6.4133	1788779580
23	18	1788779820000	3	3570	1	0	0.212	6.4133	1788779580	1788779520	1	1	0.24668918777567272	6.402115069296838	1788780420
24	21	1788779880000	3	10969	0	\N	\N	\N	0	\N	1	1	2.3065	2.118103970459016	1788780480
25	22	1788780000000	4	22691	0	\N	\N	\N	0	\N	2	\N	8.2956	1	1789730400
26	23	1788780300000	1	7176	0	\N	\N	\N	0	\N	1	0	0.212	6.4133	1788780360
27	23	1788780960000	3	19792	1	0	0.212	6.4133	1788780360	1788780300	1	1	0.24668918777567272	6.402115069296838	1788781560
28	18	1788781020000	3	19658	1	1	0.24668918777567272	6.402115069296838	1788780420	1788779820	2	\N	0.2842063592758949	6.3909413235243795	1788867420
29	21	1788781680000	3	34290	1	1	2.3065	2.118103970459016	1788780480	1788779880	2	\N	2.3065	2.111214235785395	1789040880
30	23	1788781980000	4	7617	1	1	0.24668918777567272	6.402115069296838	1788781560	1788780960	2	\N	0.48892083828453853	5.18509795619045	1788868380
31	2	1788859800000	3	19341	2	\N	0.142394088425543	9.162447063220226	1788863700	1788777300	2	\N	0.1700902198615238	9.148512985453843	1788946200
32	5	1788859860000	3	29869	2	\N	0.2842063592758949	7.579470463972833	1788864480	1788778080	2	\N	0.32439327450133126	7.567119362805699	1788946260
33	7	1788860520000	3	14437	2	\N	0.2842063592758949	6.3909413235243795	1788865800	1788779400	2	\N	0.32439327450133126	6.379778751497693	1788946920
34	18	1788860820000	4	37713	2	\N	0.2842063592758949	6.3909413235243795	1788867420	1788781020	2	\N	0.5580544788200636	5.170190465277389	1788947220
35	23	1788860880000	4	27151	2	\N	0.48892083828453853	5.18509795619045	1788868380	1788781980	2	\N	0.9263573709162268	3.5614104368813786	1788947280
36	9	1788860940000	1	8738	0	\N	\N	\N	0	\N	1	0	0.212	6.4133	1788861000
37	9	1788861240000	3	36249	1	0	0.212	6.4133	1788861000	1788860940	1	1	0.24668918777567272	6.402115069296838	1788861840
38	10	1788861300000	3	38412	0	\N	\N	\N	0	\N	1	1	2.3065	2.118103970459016	1788861900
39	11	1788861360000	3	5986	0	\N	\N	\N	0	\N	1	1	2.3065	2.118103970459016	1788861960
40	12	1788861420000	2	27142	0	\N	\N	\N	0	\N	1	0	1.2931	5.112170705601056	1788861750
41	13	1788861540000	3	21953	0	\N	\N	\N	0	\N	1	1	2.3065	2.118103970459016	1788862140
42	12	1788861840000	3	37961	1	0	1.2931	5.112170705601056	1788861750	1788861420	1	1	1.3358997622047517	5.102286904192293	1788862440
43	9	1788862500000	3	34523	1	1	0.24668918777567272	6.402115069296838	1788861840	1788861240	2	\N	0.2842063592758949	6.3909413235243795	1788948900
44	10	1788863160000	2	26435	1	1	2.3065	2.118103970459016	1788861900	1788861300	1	1	2.3065	4.752858488532557	1788863760
45	11	1788863280000	3	37917	1	1	2.3065	2.118103970459016	1788861960	1788861360	2	\N	2.3065	2.111214235785395	1789122480
46	13	1788863940000	3	25264	1	1	2.3065	2.118103970459016	1788862140	1788861540	2	\N	2.3065	2.111214235785395	1789123140
47	12	1788864060000	4	29929	1	1	1.3358997622047517	5.102286904192293	1788862440	1788861840	2	\N	2.369135290197524	3.4509277903004603	1789123260
48	10	1788864180000	3	38888	1	1	2.3065	4.752858488532557	1788863760	1788863160	2	\N	2.3065	4.743333999340863	1789123380
49	14	1788864240000	3	7127	0	\N	\N	\N	0	\N	1	1	2.3065	2.118103970459016	1788864840
50	16	1788864300000	3	37937	0	\N	\N	\N	0	\N	1	1	2.3065	2.118103970459016	1788864900
51	14	1788864960000	3	24490	1	1	2.3065	2.118103970459016	1788864840	1788864240	2	\N	2.3065	2.111214235785395	1789124160
52	16	1788865620000	3	39236	1	1	2.3065	2.118103970459016	1788864900	1788864300	2	\N	2.3065	2.111214235785395	1789124820
53	2	1788946200000	1	33278	2	\N	0.1700902198615238	9.148512985453843	1788946200	1788859800	3	0	0.08316168885469988	9.705350377727214	1788946800
54	5	1788946500000	3	32353	2	\N	0.32439327450133126	7.567119362805699	1788946260	1788859860	2	\N	1.7761380339197932	7.554780612739732	1789119300
55	2	1788946800000	3	38440	3	0	0.08316168885469988	9.705350377727214	1788946800	1788946200	2	\N	0.1029151949497431	9.690873396646325	1789033200
56	7	1788946920000	4	24375	2	\N	0.32439327450133126	6.379778751497693	1788946920	1788860520	2	\N	3.983785210052183	5.155297881855241	1789378920
57	9	1788947220000	3	24530	2	\N	0.2842063592758949	6.3909413235243795	1788948900	1788862500	2	\N	0.32439327450133126	6.379778751497693	1789033620
58	18	1788947520000	1	35052	2	\N	0.5580544788200636	5.170190465277389	1788947220	1788860820	3	0	0.21051539127428726	8.39770281793835	1788948120
59	23	1788947640000	3	16540	2	\N	0.9263573709162268	3.5614104368813786	1788947280	1788860880	2	\N	4.895854024370283	3.5530773957413357	1789466040
60	18	1788948300000	3	19537	3	0	0.21051539127428726	8.39770281793835	1788948120	1788947520	2	\N	0.24507495402578028	8.38453348441725	1789034700
61	17	1788948960000	1	30978	0	\N	\N	\N	0	\N	1	0	0.212	6.4133	1788949020
62	17	1788949620000	2	21023	1	0	0.212	6.4133	1788949020	1788948960	1	0	0.212	7.604209769076838	1788949950
63	17	1788949680000	3	13424	1	0	0.212	7.604209769076838	1788949950	1788949620	1	1	0.24668918777567272	7.5918339286046	1788950280
64	17	1788949740000	4	35435	1	1	0.24668918777567272	7.5918339286046	1788950280	1788949680	2	\N	0.48892083828453853	6.772365417380022	1789036140
65	2	1789032600000	3	34670	2	\N	0.1029151949497431	9.690873396646325	1789033200	1788946800	2	\N	0.12558723638921812	9.676410892546516	1789119000
66	9	1789032660000	3	20498	2	\N	0.32439327450133126	6.379778751497693	1789033620	1788947220	2	\N	0.3670544285193914	6.368627342043034	1789119060
67	6	1789033320000	3	22421	2	\N	2.369135290197524	3.4509277903004603	1789038180	1788778980	2	\N	9.746189716401084	3.442705231806998	1790156520
68	18	1789033440000	1	33669	2	\N	0.24507495402578028	8.38453348441725	1789034700	1788948300	3	0	0.09544665244161483	9.454235510797094	1789034040
69	17	1789033740000	3	39398	2	\N	0.48892083828453853	6.772365417380022	1789036140	1788949740	2	\N	0.538485241701379	6.760821421259481	1789120140
70	21	1789033800000	3	25643	2	\N	2.3065	2.111214235785395	1789040880	1788781680	2	\N	10.971048263078135	2.1043313908464483	1790243400
71	18	1789033920000	3	23485	3	0	0.09544665244161483	9.454235510797094	1789034040	1789033440	2	\N	0.11705220542773316	9.440009644583135	1789120320
72	2	1789119000000	3	21883	2	\N	0.12558723638921812	9.676410892546516	1789119000	1789032600	2	\N	0.5144783291694094	9.661962850950806	1789205400
73	9	1789119060000	3	15670	2	\N	0.3670544285193914	6.368627342043034	1789119060	1789032660	2	\N	2.3998471723860413	6.357487083997829	1789378260
74	5	1789119720000	1	23155	2	\N	1.7761380339197932	7.554780612739732	1789119300	1788946500	3	0	0.4823585997549857	9.181501384196222	1789120320
75	11	1789119840000	1	8165	2	\N	2.3065	2.111214235785395	1789122480	1788863280	3	0	0.6077016626638644	7.392238132342694	1789120440
76	13	1789120140000	3	16625	2	\N	2.3065	2.111214235785395	1789123140	1788863940	2	\N	10.971048263078135	2.1043313908464483	1790329740
77	5	1789120440000	4	36995	3	0	0.4823585997549857	9.181501384196222	1789120320	1789119720	2	\N	0.9147368781946192	8.893225658126935	1789206840
78	11	1789120740000	3	17393	3	0	0.6077016626638644	7.392238132342694	1789120440	1789119840	2	\N	0.6597976257475758	7.38007426350719	1789207140
79	12	1789120860000	3	4290	2	\N	2.369135290197524	3.4509277903004603	1789123260	1788864060	2	\N	9.746189716401084	3.442705231806998	1790244060
80	10	1789120980000	2	36652	2	\N	2.3065	4.743333999340863	1789123380	1788864180	2	\N	5.97433576974009	6.4956085174236735	1789812180
81	14	1789121280000	2	22790	2	\N	2.3065	2.111214235785395	1789124160	1788864960	2	\N	7.517359325415191	4.748284761594571	1789985280
82	17	1789121580000	4	19909	2	\N	0.538485241701379	6.760821421259481	1789120140	1789033740	2	\N	4.385516981493748	5.663667255263007	1789639980
83	18	1789121640000	4	32363	2	\N	0.11705220542773316	9.440009644583135	1789120320	1789033920	2	\N	0.9484706082624914	9.238115332650219	1789208040
84	2	1789205400000	1	36655	2	\N	0.5144783291694094	9.661962850950806	1789205400	1789119000	3	0	0.1910700389146718	9.874117857056982	1789206000
85	2	1789206060000	4	13867	3	0	0.1910700389146718	9.874117857056982	1789206000	1789205400	2	\N	0.3851075470798839	9.817282280290124	1789292460
86	5	1789206720000	3	39989	2	\N	0.9147368781946192	8.893225658126935	1789206840	1789120440	2	\N	0.9667853324256394	8.879560801765646	1789293120
87	11	1789207380000	3	33830	2	\N	0.6597976257475758	7.38007426350719	1789207140	1789120740	2	\N	2.4892333541386376	7.3679225585405215	1789466580
88	16	1789208040000	4	15785	2	\N	2.3065	2.111214235785395	1789124820	1788865620	2	\N	23.899801136332222	1	1791886440
89	18	1789208700000	1	16208	2	\N	0.9484706082624914	9.238115332650219	1789208040	1789121640	3	0	0.2943058283061678	9.734802059954703	1789209300
90	18	1789209360000	2	39969	3	0	0.2943058283061678	9.734802059954703	1789209300	1789208700	3	0	0.2943058283061678	9.809177618470763	1789210260
91	18	1789210020000	1	21285	3	0	0.2943058283061678	9.809177618470763	1789210260	1789209360	3	0	0.11324773860095466	9.922506350080372	1789210620
92	18	1789210680000	3	19153	3	0	0.11324773860095466	9.922506350080372	1789210620	1789210020	2	\N	0.1373287758184984	9.90781221302713	1789297080
93	2	1789291800000	2	3978	2	\N	0.3851075470798839	9.817282280290124	1789292460	1789206060	2	\N	0.3851075470798839	9.863931832307683	1789378200
94	5	1789292460000	3	34061	2	\N	0.9667853324256394	8.879560801765646	1789293120	1789206720	2	\N	1.0180813673944595	8.865909610260717	1789378860
95	18	1789292760000	3	8608	2	\N	0.1373287758184984	9.90781221302713	1789297080	1789210680	2	\N	0.16443111152461562	9.89313277011094	1789379160
96	2	1789378200000	2	29952	2	\N	0.3851075470798839	9.863931832307683	1789378200	1789291800	2	\N	0.6891460644651138	9.894899978806064	1789464600
97	9	1789378260000	3	17811	2	\N	2.3998471723860413	6.357487083997829	1789378260	1789119060	2	\N	8.459768049236969	6.34635796621067	1790328660
98	5	1789378380000	1	31063	2	\N	1.0180813673944595	8.865909610260717	1789378860	1789292460	3	0	0.36103394951353296	9.612460570004187	1789378980
99	7	1789378440000	3	28536	2	\N	3.983785210052183	5.155297881855241	1789378920	1788946920	2	\N	13.977063734583089	5.145370953270224	1790933640
100	18	1789378740000	3	28293	2	\N	0.16443111152461562	9.89313277011094	1789379160	1789292760	2	\N	0.19456261719778628	9.878468006637666	1789465140
101	5	1789379400000	4	15747	3	0	0.36103394951353296	9.612460570004187	1789378980	1789378380	2	\N	0.6978358734902314	9.468191321133862	1789465800
102	2	1789464600000	3	6429	2	\N	0.6891460644651138	9.894899978806064	1789464600	1789378200	2	\N	1.2521750537709984	9.880233448124097	1789637400
103	5	1789464720000	4	12825	2	\N	0.6978358734902314	9.468191321133862	1789465800	1789379400	2	\N	1.2915946428098497	9.27571401223807	1789637520
104	11	1789465020000	1	5296	2	\N	2.4892333541386376	7.3679225585405215	1789466580	1789207380	3	0	0.5878292680031296	9.120082412415709	1789465620
105	18	1789465320000	3	30265	2	\N	0.19456261719778628	9.878468006637666	1789465140	1789378740	2	\N	0.5907877524517461	9.863817907927865	1789551720
106	11	1789465620000	4	39790	3	0	0.5878292680031296	9.120082412415709	1789465620	1789465020	2	\N	1.1003386971357287	8.811283328101457	1789552020
107	23	1789465920000	4	21273	2	\N	4.895854024370283	3.5530773957413357	1789466040	1788947640	2	\N	33.558147658750784	1.3840446572882867	1793267520
108	19	1792143000000	1	9000	0	\N	\N	\N	0	\N	1	0	0.212	6.4133	1792143060
109	1	1792143000000	1	9000	2	\N	8.2956	1	1789723800	1788773400	3	0	1.737438980346597	7.0269895692968385	1792143600
\.


--
-- Name: attempts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.attempts_id_seq', 1, true);


--
-- Name: cards_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.cards_id_seq', 1, false);


--
-- Name: decks_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.decks_id_seq', 1, false);


--
-- Name: notes_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.notes_id_seq', 1, false);


--
-- Name: revlog_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.revlog_id_seq', 110, true);


--
-- Name: alembic_version alembic_version_pkc; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.alembic_version
    ADD CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num);


--
-- Name: attempts pk_attempts; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attempts
    ADD CONSTRAINT pk_attempts PRIMARY KEY (id);


--
-- Name: cards pk_cards; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cards
    ADD CONSTRAINT pk_cards PRIMARY KEY (id);


--
-- Name: config pk_config; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.config
    ADD CONSTRAINT pk_config PRIMARY KEY (key);


--
-- Name: decks pk_decks; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.decks
    ADD CONSTRAINT pk_decks PRIMARY KEY (id);


--
-- Name: notes pk_notes; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notes
    ADD CONSTRAINT pk_notes PRIMARY KEY (id);


--
-- Name: revlog pk_revlog; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revlog
    ADD CONSTRAINT pk_revlog PRIMARY KEY (id);


--
-- Name: decks uq_decks_name; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.decks
    ADD CONSTRAINT uq_decks_name UNIQUE (name);


--
-- Name: notes uq_notes_guid; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notes
    ADD CONSTRAINT uq_notes_guid UNIQUE (guid);


--
-- Name: ix_attempts_card_id_started_ms; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_attempts_card_id_started_ms ON public.attempts USING btree (card_id, started_ms);


--
-- Name: ix_cards_deck_id_state; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_cards_deck_id_state ON public.cards USING btree (deck_id, id, phase, due, suspended, buried_until);


--
-- Name: ix_cards_deck_phase_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_cards_deck_phase_due ON public.cards USING btree (deck_id, phase, due, id, suspended, buried_until);


--
-- Name: ix_cards_note_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_cards_note_id ON public.cards USING btree (note_id);


--
-- Name: ix_notes_deck_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_notes_deck_id ON public.notes USING btree (deck_id);


--
-- Name: ix_notes_kind; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_notes_kind ON public.notes USING btree (kind);


--
-- Name: ix_revlog_card_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_revlog_card_id ON public.revlog USING btree (card_id, reviewed_ms, phase_before, rating);


--
-- Name: ix_revlog_reviewed_ms; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_revlog_reviewed_ms ON public.revlog USING btree (reviewed_ms, duration_ms, rating, phase_before, card_id);


--
-- Name: attempts fk_attempts_card_id_cards; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attempts
    ADD CONSTRAINT fk_attempts_card_id_cards FOREIGN KEY (card_id) REFERENCES public.cards(id) ON DELETE CASCADE;


--
-- Name: cards fk_cards_deck_id_decks; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cards
    ADD CONSTRAINT fk_cards_deck_id_decks FOREIGN KEY (deck_id) REFERENCES public.decks(id) ON DELETE CASCADE;


--
-- Name: cards fk_cards_note_id_notes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cards
    ADD CONSTRAINT fk_cards_note_id_notes FOREIGN KEY (note_id) REFERENCES public.notes(id) ON DELETE CASCADE;


--
-- Name: notes fk_notes_deck_id_decks; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notes
    ADD CONSTRAINT fk_notes_deck_id_decks FOREIGN KEY (deck_id) REFERENCES public.decks(id) ON DELETE CASCADE;


--
-- Name: revlog fk_revlog_card_id_cards; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revlog
    ADD CONSTRAINT fk_revlog_card_id_cards FOREIGN KEY (card_id) REFERENCES public.cards(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict EYSJrKK4ch31UlSHwLg2O3n81ppLZtY9ZN69hmTyllLbTA5gQu8Sk66jgjAMV2e

