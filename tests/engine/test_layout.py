"""Layout evidence: the page edge of line-per-sentence text, and when a short line was full."""

from __future__ import annotations

from zhclean.engine.filters import reflow_wrapped_lines as reflow
from zhclean.engine.layout import Shape, line_edge, measure, split_lines

CUT_VERSE = (
    "四丞相高会丽春堂·绵搭絮\n"
    "也无那采薪的樵子，耕种的农夫，往来的商贾，谈笑的鸿儒\n"
    "做伴的茶药琴棋笔砚书。\n"
    "秋草人情即惭疏。\n"
    "我今日赴京都，见銮舆，也不是我倚仗着功劳，敢喝金吾，\n"
    "其实的瞒不过这近御。\n"
    "我去处便去，那一个闲人敢言语。\n"
    "这里是土长根生父母邦，怎将咱流窜在济南天一方？这些时\n"
    "怎不凄凉？\n"
)


def test_line_edge_is_the_width_of_the_cut_lines() -> None:
    lines = split_lines(CUT_VERSE)
    assert line_edge(lines) == lines[1].width == 52


def test_no_line_edge_in_verse_that_lost_its_final_marks() -> None:
    # Lines narrower than a body line of print, without their final mark, were not cut.
    text = (
        "觉翠帐、凉生秋思\n渐入微寒天气。\n败叶敲窗，西风满院，睡不成还起\n更漏咽、滴破忧心，都在离人愁耳。\n"
    )
    assert line_edge(split_lines(text)) == 0


def test_no_line_edge_in_wrapped_prose_or_unpunctuated_lines() -> None:
    assert line_edge(split_lines("第一章 总则\n第二章 组织\n第三章 附则\n")) == 0


def _line(body: str) -> reflow.Line:
    return split_lines(body)[0]


def test_a_line_short_only_by_its_word_gaps_was_full() -> None:
    shape = Shape([], 68)
    line = _line("控制器会重启那些长时间无响应的节点上的kubelet进程，并将其")
    assert line.width == 57  # under the full width (58) as OCR read it, without the gaps
    assert reflow._full_with_word_gaps(shape, line)
    assert not reflow._full_with_word_gaps(shape, _line("控制器会重启那些长时间无响应的节点上的进程，并将其"))


def test_a_line_short_only_by_its_wide_digits_was_full() -> None:
    shape = Shape([], 82)
    line = _line("0 ，0 0 0元。本年支出合计为2 9 3 ，4 6 9 ，3 8 0 ，0 0 0元，收支")
    assert not shape.full(line)
    assert reflow._full_with_wide_digits(shape, line)
    assert not reflow._full_with_wide_digits(shape, _line("本年支出合计为二百九十三亿元，收支"))


def test_a_heading_after_a_full_sentence_line_keeps_its_break() -> None:
    text = (
        "要运行一个有状态的应用程序，先创建一个命名空间，再编写清单文件。例如\n"
        "控制器负责创建、扩缩和删除容器组，保证每个容器组的标识稳定不变。\n"
        "概念\n"
        "对象是持久化的实体。\n"
    )
    lines = split_lines(text)
    shape = measure(text, lines)
    assert shape.wrapped and shape.full(lines[1])
    assert not reflow._joinable(shape, lines[1], lines[2])


def test_lines_joined_already_are_full_only_if_the_last_reached_the_edge() -> None:
    full, short = "国" * 20, "国" * 12  # a wrap width of 40 columns: 20 Han
    lines = split_lines(f"{full}\n{full}{full}\n{full}{short}\n{full}国")
    shape = Shape(lines, 40)
    assert [shape.full(line) for line in lines] == [True, True, False, True]


def test_a_paragraph_joined_to_its_short_last_line_is_not_joined_again() -> None:
    # Found by scripts/fuzz.py --cli: each cleaning joined one more line to such a line.
    from pathlib import Path

    from zhclean import clean

    path = Path(__file__).parent.parent.parent / "fixtures" / "reflow-wrapped-lines" / "fuzz-cascade.txt"
    text = path.read_bytes().decode("utf-8-sig")
    once = clean(text, ignore=["remove-paywall-markers"])
    assert clean(once, ignore=["remove-paywall-markers"]) == once


def test_a_line_the_body_writes_as_often_as_the_page_tops_is_not_a_running_header() -> None:
    # Found on the layout runs (RapidOCR pages joined by form feeds): each poem is a title and
    # its poet; pages that start with a poem start with 唐享昊天乐第N / 则天皇后, which looked
    # like a running header and went, poems' titles and author with it.
    from zhclean import clean

    poems = []
    for n in "一二三四五六七八九十":
        poems.append(f"唐享昊天乐第{n}\n则天皇后\n朝坛雾卷，曙岭烟沈。\n爰设筐币，式表诚心。\n")
    pages = ["".join(poems[i : i + 2]) for i in range(0, 10, 2)]  # every page starts with a poem
    text = "\f".join(pages)
    cleaned = clean(text, select=["remove-page-furniture"])
    assert cleaned.count("则天皇后") == 10 and cleaned.count("唐享昊天乐") == 10
