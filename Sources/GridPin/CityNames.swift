/// Made-up place names for the synthetic city, Chinese with pinyin: two-character words that
/// street, community, road and place names are built from.
///
/// Example: word 3 is ("南苑", "Nanyuan"); community 45 is "兴华里社区 Xinghuali Community".
enum CityNames {
    static let words: [(String, String)] = [
        ("东关", "Dongguan"), ("西街", "Xijie"), ("南苑", "Nanyuan"), ("北街", "Beijie"), ("槐里", "Huaili"),
        ("金城", "Jincheng"), ("兴华", "Xinghua"), ("文化", "Wenhua"), ("建设", "Jianshe"), ("团结", "Tuanjie"),
        ("人民", "Renmin"), ("育才", "Yucai"), ("新民", "Xinmin"), ("丰收", "Fengshou"), ("光明", "Guangming"),
        ("幸福", "Xingfu"), ("红旗", "Hongqi"), ("和平", "Heping"), ("友谊", "Youyi"), ("长安", "Chang'an"),
        ("渭滨", "Weibin"), ("秦川", "Qinchuan"), ("世纪", "Shiji"), ("朝阳", "Chaoyang"), ("迎宾", "Yingbin"),
        ("滨河", "Binhe"), ("学府", "Xuefu"), ("科技", "Keji"), ("园林", "Yuanlin"), ("龙泉", "Longquan"),
        ("永安", "Yong'an"), ("太平", "Taiping"), ("安居", "Anju"), ("康乐", "Kangle"), ("锦绣", "Jinxiu"),
        ("翠华", "Cuihua"), ("华庭", "Huating"), ("仁和", "Renhe"), ("长青", "Changqing"), ("书香", "Shuxiang"),
        ("茂陵", "Maoling"), ("马泉", "Maquan"), ("周陵", "Zhouling"), ("渭阳", "Weiyang"), ("沣东", "Fengdong"),
        ("玉泉", "Yuquan"), ("凤鸣", "Fengming"), ("望贤", "Wangxian"), ("陈杨", "Chenyang"), ("古渡", "Gudu"),
        ("吴家", "Wujia"), ("胜利", "Shengli"), ("民生", "Minsheng"), ("东方", "Dongfang"), ("华夏", "Huaxia"),
        ("中山", "Zhongshan"), ("解放", "Jiefang"), ("前进", "Qianjin"), ("劳动", "Laodong"), ("青年", "Qingnian"),
    ]

    /// What a community name ends with before 社区: 兴华 + 里 → 兴华里社区.
    static let communityEndings: [(String, String)] = [
        ("", ""), ("里", "li"), ("苑", "yuan"), ("坊", "fang"), ("园", "yuan"), ("路", "lu"), ("村", "cun"),
        ("湾", "wan"), ("桥", "qiao"), ("庄", "zhuang"), ("门", "men"), ("巷", "xiang"),
    ]

    static let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

    /// The `k`th word, and from the second round on a Chinese numeral after it: 东关, …, 东关二, ….
    static func word(_ k: Int) -> (String, String) {
        let (zh, en) = words[k % words.count]
        let round = k / words.count
        guard round > 0 else { return (zh, en) }
        return (zh + (round < numerals.count ? numerals[round] : String(round + 1)), "\(en) \(round + 1)")
    }

    /// The `k`th street: 东关街道 Dongguan Street.
    static func street(_ k: Int) -> (String, String) {
        let (zh, en) = word(k)
        return (zh + "街道", en + " Street")
    }

    /// The stem of the `k`th community (word and ending, shuffled by `k` so neighbours differ):
    /// 兴华里 Xinghuali.
    static func communityStem(_ k: Int) -> (String, String) {
        let n = words.count * communityEndings.count
        let slot = (k % n) * 7 % n   // 7 is prime to 720: a fixed shuffle
        let (zh, en) = words[slot % words.count], (ez, ee) = communityEndings[slot / words.count]
        let round = k / n
        let suffix = round == 0 ? "" : (round < numerals.count ? numerals[round] : String(round + 1))
        return (zh + ez + suffix, en + ee + (round == 0 ? "" : " \(round + 1)"))
    }

    /// The stem of the `k`th community without an ending that names a road (路, 巷), for the
    /// roads named after it: 兴华路 → 兴华, so its branch road is 兴华一路, not 兴华路一路.
    static func roadStem(_ k: Int) -> (String, String) {
        let (zh, en) = communityStem(k)
        for (ending, pinyin) in [("路", "lu"), ("巷", "xiang")] where zh.hasSuffix(ending) && en.hasSuffix(pinyin) {
            return (String(zh.dropLast()), String(en.dropLast(pinyin.count)))
        }
        return (zh, en)
    }

    static let mainRoadEndings: [(String, String)] = [("路", "Road"), ("大道", "Avenue"), ("大街", "Avenue")]
    static let compoundEndings: [(String, String)] = [
        ("花园", "Garden"), ("小区", "Estate"), ("家属院", "Staff Compound"), ("新村", "New Village"), ("苑", "Court"),
        ("佳苑", "Residence"), ("公寓", "Apartments"),
    ]
    static let schoolKinds: [(String, String)] = [("小学", "Primary School"), ("中学", "Middle School"), ("实验学校", "Experimental School")]
    static let marketKinds: [(String, String)] = [("农贸市场", "Farmers' Market"), ("便民市场", "Convenience Market")]
    static let siteKinds: [(String, String)] = [
        ("住宅项目工地", "housing project site"), ("管网改造工地", "pipe renewal site"), ("商业综合体工地", "mall site"),
        ("安置小区工地", "resettlement housing site"), ("道路拓宽工地", "road widening site"),
    ]
}
